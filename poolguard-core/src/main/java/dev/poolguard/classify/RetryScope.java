package dev.poolguard.classify;

/** What may be run again after a failure of this kind, if anything. */
public enum RetryScope {
    /** Never retry (configuration, authentication, data errors, timeouts by policy). */
    NONE,
    /** The single statement may run again on another connection (reads; or writes declared idempotent). */
    STATEMENT,
    /** Only the whole transaction (or unit of work) may run again, never a single statement of it. */
    TRANSACTION,
    /** Nothing ran: opening the connection may be retried with backoff. */
    CONNECT
}
