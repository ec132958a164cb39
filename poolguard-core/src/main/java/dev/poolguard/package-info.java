/**
 * Poolguard's public API: {@link dev.poolguard.Database} (built with {@link dev.poolguard.DatabaseBuilder} or
 * {@link dev.poolguard.Database#fromEnv()}), where every borrow is scoped and always released; the snapshots it
 * returns ({@link dev.poolguard.PoolStatus}, {@link dev.poolguard.LeaseInfo}, {@link dev.poolguard.Health},
 * {@link dev.poolguard.DatabaseStats}); the events it reports ({@link dev.poolguard.DiagnosticEvent} through
 * {@link dev.poolguard.EventReporter}); and the unchecked exception family rooted at
 * {@link dev.poolguard.PoolguardException}, each named after what failed.
 *
 * <p>Subsystems with API of their own: {@code classify} (failure classification), {@code retry} (retry policies as
 * values), {@code guard} (query guard rules, units of work), {@code tasks} (background work). {@code lease} and
 * {@code internal} are implementation.
 */
package dev.poolguard;
