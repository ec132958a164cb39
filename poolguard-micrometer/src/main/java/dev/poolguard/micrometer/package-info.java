/**
 * Micrometer metrics for a Poolguard {@link dev.poolguard.Database}: {@link dev.poolguard.micrometer.PoolguardMetrics}
 * binds the pool under OpenTelemetry's {@code db.client.connection.*} names and Poolguard's own counters.
 */
package dev.poolguard.micrometer;
