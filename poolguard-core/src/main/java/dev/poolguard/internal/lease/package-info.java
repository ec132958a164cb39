/**
 * Leases: one per borrow through {@code Database}, recording who holds the connection (call site, thread, workload),
 * since when and doing what; the registry behind {@code db.leases()}, exhaustion messages, leak detection, held-idle
 * detection and reclaim. Implementation package: use {@link dev.poolguard.status.LeaseInfo} snapshots from application code.
 */
package dev.poolguard.internal.lease;
