package dev.poolguard.pooler;

/** What the application says sits between the pool and PostgreSQL ({@code DatabaseBuilder.pooler}). */
public enum PoolerMode {
    /**
     * The default: read it from the URL where the provider says so (Supabase's pooler hosts and ports, Neon's
     * {@code -pooler} hosts, RDS Proxy), else detect it on the first connection from the server's own answers.
     */
    AUTO,
    /** Straight to PostgreSQL: no detection. */
    NONE,
    /** A pooler that gives each client its own server connection for the client's lifetime (PgBouncer session mode). */
    SESSION,
    /** A pooler that may hand each transaction a different server connection (PgBouncer transaction mode, Supavisor 6543). */
    TRANSACTION
}
