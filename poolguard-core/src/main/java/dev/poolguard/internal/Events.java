package dev.poolguard.internal;

import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventReporter;
import dev.poolguard.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers events to the reporters on one daemon thread through a bounded queue: a caller never waits for a sink,
 * and a sink that throws is logged and skipped. When the queue is full the event is dropped and counted. Keeps
 * per-type counts and the most recent events for metrics and the dashboard.
 */
public final class Events {

    private static final Logger log = LoggerFactory.getLogger(Events.class);
    private static final int QUEUE_CAPACITY = 4096;
    private static final int RECENT_CAPACITY = 500;

    private final List<EventReporter> reporters;
    private final Map<String, LongAdder> errors = new java.util.concurrent.ConcurrentHashMap<>();
    private final BlockingQueue<DiagnosticEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Map<EventType, LongAdder> counts = new EnumMap<>(EventType.class);
    private final ArrayDeque<DiagnosticEvent> recent = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread worker;
    private volatile boolean closed;

    public Events(List<EventReporter> reporters, String poolName) {
        this.reporters = new java.util.concurrent.CopyOnWriteArrayList<>(reporters);
        for (EventType type : EventType.values()) {
            counts.put(type, new LongAdder());
        }
        worker = new Thread(this::deliverLoop, poolName + "-events");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues an event; never blocks, never throws. */
    public void emit(DiagnosticEvent event) {
        counts.get(event.type()).increment();
        if ("server_overloaded".equals(event.tags().get("error_type")) && Connector.POOLER_SOURCES.contains(event.tags().get("source"))) {
            poolerRefusals.increment();
        }
        EventType t = event.type();
        if (t == EventType.CONNECTION_ERROR || t == EventType.QUERY_ERROR || t == EventType.RETRIES_EXHAUSTED
                || t == EventType.POOL_EXHAUSTED) {
            errors.computeIfAbsent(event.tags().getOrDefault("error_type", "unknown") + "|"
                    + event.tags().getOrDefault("expected", "false"), k -> new LongAdder()).increment();
        }
        synchronized (recent) {
            if (recent.size() == RECENT_CAPACITY) {
                recent.removeFirst();
            }
            recent.addLast(event);
        }
        if (closed || !queue.offer(event)) {
            dropped.increment();
        } else {
            accepted.incrementAndGet();
        }
    }

    /** Adds a reporter to a running database (dashboards, metrics binders). */
    public void addReporter(EventReporter reporter) {
        reporters.add(reporter);
    }

    /** Failures that reached callers, by "error_type|expected". */
    public Map<String, Long> errorCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Map<EventType, Long> counts() {
        Map<EventType, Long> out = new EnumMap<>(EventType.class);
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long count(EventType type) {
        return counts.get(type).sum();
    }

    private final LongAdder poolerRefusals = new LongAdder();

    /** Events about a pooler refusing or timing out a query or connection (its client cap, query_wait_timeout). */
    public long poolerRefusals() {
        return poolerRefusals.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    /** The most recent events, oldest first. */
    public List<DiagnosticEvent> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    /** Waits until every queued event has been handed to the reporters (tests, close). */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = accepted.get();
        while (System.nanoTime() < deadline) {
            if (delivered.get() >= target) {
                return true;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return delivered.get() >= target;
    }

    private void deliverLoop() {
        while (!closed || !queue.isEmpty()) {
            DiagnosticEvent event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            if (event == null) {
                continue;
            }
            try {
                for (EventReporter reporter : reporters) {
                    try {
                        reporter.report(event);
                    } catch (RuntimeException | LinkageError e) {
                        log.warn("Poolguard event reporter {} failed on {} event; skipped: {}", reporter.getClass().getName(),
                                event.type(), e.toString());
                    }
                }
            } finally {
                delivered.incrementAndGet();
            }
        }
    }

    /** Delivers what is queued (bounded by the timeout), then stops the thread. */
    public void close(Duration timeout) {
        flush(timeout);
        closed = true;
        worker.interrupt();
    }
}
