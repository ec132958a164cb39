package dev.poolguard.internal;

import dev.poolguard.internal.sql.SqlShape;
import dev.poolguard.classify.Classification;
import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventContext;
import dev.poolguard.event.EventType;
import dev.poolguard.event.Severity;
import dev.poolguard.internal.lease.Holding;
import dev.poolguard.internal.lease.Lease;
import dev.poolguard.status.PoolStatus;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place events are made, for every part that reports (failures and retries, the query guard, the watchdog,
 * background tasks): each event carries the pool's status when it happened, the statement's fingerprint (never its
 * values), the workload, the thread, and the running background task's context as tags. Delivery is {@link Events}'
 * job, off the caller's thread. The failure an event carries is masked here (passwords and quoted data values in every
 * message of its chain), so every reporter gets it safe to send anywhere.
 */
final class Emitter {

    private final Events events;
    private final Supplier<PoolStatus> status;
    private final ThreadLocal<ThreadState> threadState;

    Emitter(Events events, Supplier<PoolStatus> status, ThreadLocal<ThreadState> threadState) {
        this.events = events;
        this.status = status;
        this.threadState = threadState;
    }

    /** A call's failure, retry or replaced stale connection, with the failure's classification as tags. */
    void failure(EventType type, Severity severity, String message, Classification c, String site, String sql, int attempt,
                 CallOptions options, Throwable error) {
        emit(type, severity, message, c == null ? new LinkedHashMap<>() : c.tags(), site, fingerprint(sql), attempt,
                options.workload(), Thread.currentThread().getName(), error);
    }

    /** A query-guard finding on the current thread's statement. */
    void guard(EventType type, Severity severity, String message, String site, String sql, Lease lease) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("rule", type.name().toLowerCase(Locale.ROOT));
        emit(type, severity, message, tags, site, fingerprint(sql), 0, lease.workload(), Thread.currentThread().getName(), null);
    }

    /** The watchdog's finding on a borrow it saw: named after the holder's thread, not the watchdog's. */
    void lease(EventType type, Severity severity, String message, Holding lease, String site, Throwable stack) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("workload", lease.workload());
        tags.put("in_transaction", Boolean.toString(lease.inTransaction()));
        emit(type, severity, message, tags, site, lease.sql(), 0, lease.workload(), lease.thread().getName(), stack);
    }

    /** A background task's event names where the task was submitted, not the executor thread that ran it. */
    void task(EventType type, Severity severity, String message, Map<String, String> tags, Throwable error, String submittedAt) {
        emit(type, severity, message, tags, submittedAt, null, 0, Engine.TASK_WORKLOAD, Thread.currentThread().getName(), error);
    }

    private void emit(EventType type, Severity severity, String message, Map<String, String> tags, String site, String fingerprint,
                      int attempt, String workload, String thread, Throwable error) {
        Map<String, String> taskContext = threadState.get().taskContext;
        if (taskContext != null) {
            taskContext.forEach(tags::putIfAbsent);
        }
        EventContext context = new EventContext(site, fingerprint, attempt, status.get(), workload, thread);
        // Masked here, once, so no reporter (ours or an application's) ever sees a password or a bound value.
        events.emit(DiagnosticEvent.of(type, severity, message, tags, context, Redaction.safeCopy(error)));
    }

    private static String fingerprint(String sql) {
        return sql == null ? null : SqlShape.of(sql).fingerprint();
    }
}
