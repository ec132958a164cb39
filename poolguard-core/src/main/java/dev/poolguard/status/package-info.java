/**
 * Snapshots of a database's state, immutable and safe to serialise: {@link dev.poolguard.status.PoolStatus} (the pool
 * and the route), {@link dev.poolguard.status.LeaseInfo} (who holds each connection, since when, doing what),
 * {@link dev.poolguard.status.Health} (UP, DEGRADED or DOWN with a reason), {@link dev.poolguard.status.LeakSite},
 * {@link dev.poolguard.status.WorkloadStatus} and {@link dev.poolguard.status.ConnectionCheck}. All of them are reached
 * through {@code db.diagnostics()}.
 */
package dev.poolguard.status;
