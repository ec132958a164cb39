package dev.poolguard.dashboard;

import dev.poolguard.event.DiagnosticEvent;

/** How the page groups events: connection errors split by whether the provider meant them, then one row per kind. */
enum EventCategory {
    CONNECTION_CRITICAL("connection_critical", "Connection errors (critical)"),
    CONNECTION_EXPECTED("connection_expected", "Connection errors (expected)"),
    EXHAUSTION("exhaustion", "Pool exhaustion"),
    LEAK("leak", "Leaks"),
    REVOKED("revoked", "Revoked leases"),
    UNBOUNDED_RESULT("unbounded_result", "Unbounded results"),
    N_PLUS_ONE("n_plus_one", "N+1 queries"),
    FAILED_TASK("failed_task", "Failed tasks"),
    QUERY_ERROR("query_error", "Query errors"),
    RETRIES_EXHAUSTED("retries_exhausted", "Retries exhausted"),
    RETRY("retry", "Retries"),
    STALE_CONNECTION("stale_connection", "Stale connections replaced"),
    CONNECT_FAILED("connect_failed", "Connect attempts failed"),
    HELD_IDLE("held_idle", "Held idle"),
    SLOW_QUERY("slow_query", "Slow queries"),
    LEAK_RETURNED("leak_returned", "Leaks returned"),
    OTHER("other", "Other");

    final String id;
    final String label;

    EventCategory(String id, String label) {
        this.id = id;
        this.label = label;
    }

    static EventCategory of(DiagnosticEvent event) {
        switch (event.type()) {
            case CONNECTION_ERROR:
                return "true".equals(event.tags().get("expected")) ? CONNECTION_EXPECTED : CONNECTION_CRITICAL;
            case POOL_EXHAUSTED:
                return EXHAUSTION;
            case LEAK:
                return LEAK;
            case LEASE_REVOKED:
                return REVOKED;
            case UNBOUNDED_RESULT:
                return UNBOUNDED_RESULT;
            case N_PLUS_ONE:
                return N_PLUS_ONE;
            case TASK_FAILED:
            case TASK_REJECTED:
                return FAILED_TASK;
            case QUERY_ERROR:
                return QUERY_ERROR;
            case RETRIES_EXHAUSTED:
                return RETRIES_EXHAUSTED;
            case RETRY:
                return RETRY;
            case STALE_CONNECTION:
                return STALE_CONNECTION;
            case CONNECT_FAILED:
                return CONNECT_FAILED;
            case HELD_IDLE:
                return HELD_IDLE;
            case SLOW_QUERY:
                return SLOW_QUERY;
            case LEAK_RETURNED:
                return LEAK_RETURNED;
            default:
                return OTHER;
        }
    }
}
