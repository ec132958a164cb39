/**
 * What sits between the pool and PostgreSQL: a direct connection, or a pooler (PgBouncer, Supabase's Supavisor, Neon's
 * {@code -pooler} endpoints, RDS Proxy) in session or transaction mode, and which provider runs the server.
 *
 * <p>{@link dev.poolguard.pooler.PoolerMode} is the setting (detected by default); {@link dev.poolguard.pooler.Route} is
 * what the database found, shown by {@code db.diagnostics().status()}, {@code db.diagnostics().health()}, the dashboard and the startup log. Behind
 * a transaction pooler Poolguard uses no server-side prepared statements, refuses statements that leave session state
 * on a server connection other clients will get, and cancels abandoned statements through the cancel protocol instead
 * of terminating a backend by its process id. See {@code docs/poolers.md}.
 */
package dev.poolguard.pooler;
