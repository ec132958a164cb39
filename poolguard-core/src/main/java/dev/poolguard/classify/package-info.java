/**
 * Classification of connection and query failures: a commented table of SQLSTATEs and pooler messages (from
 * PostgreSQL, pgjdbc, PgBouncer, Supavisor and Neon), a bounded walk of the cause chain, and a user override hook.
 */
package dev.poolguard.classify;
