package dev.poolguard.event;

/** What a {@link DiagnosticEvent} is about. */
public enum EventType {
    /** A connection-level failure reached the caller (after any retries): lost, refused, overloaded, starting. */
    CONNECTION_ERROR,
    /** A statement failed for a reason that is not the connection: data, syntax, timeout, configuration. */
    QUERY_ERROR,
    /**
     * A failed call is being tried again (context has the attempt). One event per retry: their count is
     * {@link DatabaseStats#retries()}.
     */
    RETRY,
    /**
     * A pooled connection was dead at its first statement (killed while idle, by a provider or a restart); it was replaced
     * and the call ran again on a fresh one, unseen by the caller. Not a retry: counted in
     * {@link DatabaseStats#staleConnectionsReplaced()}.
     */
    STALE_CONNECTION,
    /**
     * Opening a physical connection failed and Poolguard is trying again with backoff while callers wait. Told at the
     * first failure of a run and every 50th; every failed attempt is counted in {@link DatabaseStats#connectFailures()}.
     */
    CONNECT_FAILED,
    /** Retries ran out or the budget was spent; the caller got the failure. */
    RETRIES_EXHAUSTED,
    /** A borrow timed out; the event names the holders. */
    POOL_EXHAUSTED,
    /** A lease was held longer than the leak threshold. */
    LEAK,
    /** A lease reported as a leak came back (late). */
    LEAK_RETURNED,
    /** A lease held past {@code reclaimAfter} was revoked and its connection aborted. */
    LEASE_REVOKED,
    /** A lease held its connection without database activity longer than the held-idle threshold. */
    HELD_IDLE,
    /** One statement read more rows than the budget and has no LIMIT / FETCH FIRST. */
    UNBOUNDED_RESULT,
    /** One statement shape ran many times with different parameters in one unit of work. */
    N_PLUS_ONE,
    /** A statement took longer than the slow-query threshold. */
    SLOW_QUERY,
    /**
     * A statement that would leave session state (SET, advisory lock, LISTEN, PREPARE, temporary table) on a server
     * connection that a transaction pooler hands to other clients was refused.
     */
    SESSION_STATE,
    /** A background task failed. */
    TASK_FAILED,
    /** A background task was refused because the queue was full. */
    TASK_REJECTED
}
