/**
 * Poolguard's entry points: {@link dev.poolguard.Database} (built with {@link dev.poolguard.DatabaseBuilder} or
 * {@link dev.poolguard.Database#fromEnv()}), where every borrow is scoped and always released; its configuration
 * ({@link dev.poolguard.DatabaseConfig}); the callbacks it runs ({@link dev.poolguard.RowMapper},
 * {@link dev.poolguard.ConnectionCallback}, {@link dev.poolguard.TransactionCallback}, {@link dev.poolguard.Transaction});
 * {@link dev.poolguard.LeasedDataSource} for code that needs a {@code DataSource}; and the unchecked exception
 * family rooted at {@link dev.poolguard.PoolguardException}, each named after what failed.
 *
 * <p>The rest of the API, by package: {@code status} (snapshots: pool, leases, health, counts, through
 * {@code db.diagnostics()}), {@code event} (events, reporters, pool listeners), {@code classify} (failure
 * classification), {@code retry} (retry policies as values), {@code guard} (query guard rules, units of work),
 * {@code pooler} (poolers and providers), {@code tasks} (background work), {@code doctor} (the server-side check).
 * {@code internal} and its subpackages are implementation; {@code module-info} does not export them.
 */
package dev.poolguard;
