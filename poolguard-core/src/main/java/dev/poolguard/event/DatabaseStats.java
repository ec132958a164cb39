package dev.poolguard.event;

import java.util.Map;

/**
 * Cumulative counters since the database was opened, for metrics binders and dashboards.
 *
 * @param retries              calls run again after a failure: one per {@link EventType#RETRY} event (stale connections
 *                             replaced and connect attempts are counted apart)
 * @param events               events emitted, by type
 * @param errors               failures that reached callers, by {@code error_type} and {@code expected} tags
 *                             ({@code "connection_lost|true"})
 * @param droppedEvents        events dropped because the reporter queue was full
 * @param connectionsOpened    physical connections opened
 * @param connectFailures      failed attempts to open one
 * @param tasksSubmitted       background tasks accepted
 * @param tasksFailed          background tasks that failed
 * @param tasksRejected        background tasks refused
 * @param staleConnectionsReplaced pooled connections found dead at their first statement and replaced, the call run
 *                             again unseen, or (the DataSource's) found dead when checked before lending: one per
 *                             {@link EventType#STALE_CONNECTION} event
 * @param poolerRefusals       queries and connections a pooler refused or timed out (its client cap, its
 *                             query_wait_timeout): a pooler, not Poolguard's pool, is the bottleneck; retried ones included
 */
public record DatabaseStats(long retries, Map<EventType, Long> events, Map<String, Long> errors, long droppedEvents,
                            long connectionsOpened, long connectFailures, long tasksSubmitted, long tasksFailed,
                            long tasksRejected, long staleConnectionsReplaced, long poolerRefusals) {

    public DatabaseStats {
        events = Map.copyOf(events);
        errors = Map.copyOf(errors);
    }
}
