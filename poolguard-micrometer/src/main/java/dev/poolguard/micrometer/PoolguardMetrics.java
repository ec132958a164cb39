package dev.poolguard.micrometer;

import dev.poolguard.Database;
import dev.poolguard.event.DatabaseStats;
import dev.poolguard.event.EventType;
import dev.poolguard.event.PoolListener;
import dev.poolguard.status.WorkloadStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link Database} to a Micrometer registry: the pool under OpenTelemetry's database-client names
 * ({@code db.client.connection.count{state=idle|used}}, {@code .max}, {@code .pending_requests}, {@code .timeouts},
 * {@code .wait_time}, {@code .use_time}, {@code .create_time}) and Poolguard's own counters (retries, errors by
 * {@code error_type} and {@code expected}, leaks, revoked leases, events by type, background tasks) and per-workload
 * use. Every meter carries {@code pool.name} plus the tags given here; no tag ever holds SQL text, a call site or a
 * value.
 *
 * <pre>{@code
 * new PoolguardMetrics(db).bindTo(registry);
 * }</pre>
 *
 * <p>Gauges and counters read {@link Database#status()}, {@link Database#stats()} and {@link Database#workloads()}
 * when the registry publishes, so counters count since the database opened. Timings come from HikariCP through a
 * {@link PoolListener}. Tag values that appear later (a new {@code error_type}, a workload created after binding) are
 * registered when an event arrives and otherwise within {@link #DISCOVERY_INTERVAL}, on one daemon thread that
 * {@link #close()} stops. Bind one instance to several registries if you need to; bind it once per database.
 */
public final class PoolguardMetrics implements MeterBinder, AutoCloseable {

    /** How often tag values that appeared without an event (a workload created after binding) are looked for. */
    public static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(10);

    private final Database db;
    private final Tags tags;
    private volatile Bound[] bound = new Bound[0];
    private ScheduledExecutorService discovery;
    private volatile boolean closed;

    public PoolguardMetrics(Database db) {
        this(db, Tags.empty());
    }

    /** With extra tags on every meter (keep them low-cardinality: service, region). */
    public PoolguardMetrics(Database db, Iterable<Tag> tags) {
        this.db = Objects.requireNonNull(db, "db");
        this.tags = Tags.of("pool.name", db.config().poolName()).and(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (closed) {
            throw new IllegalStateException("PoolguardMetrics for pool '" + db.config().poolName() + "' is closed");
        }
        if (bound.length == 0) {
            // Listener and reporter are added once and serve every registry bound later; the database keeps them (and
            // so this binder) alive as long as it lives.
            db.diagnostics().addPoolListener(new Timings());
            db.diagnostics().addReporter(event -> discover());
            discovery = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, db.config().poolName() + "-metrics-discovery");
                t.setDaemon(true);
                return t;
            });
            long every = DISCOVERY_INTERVAL.toMillis();
            discovery.scheduleWithFixedDelay(this::discover, every, every, TimeUnit.MILLISECONDS);
        }
        Bound b = new Bound(registry);
        bindPool(registry);
        bindCounters(registry);
        Bound[] more = Arrays.copyOf(bound, bound.length + 1);
        more[bound.length] = b;
        bound = more;
        discover(b);
    }

    private void bindPool(MeterRegistry registry) {
        gauge(registry, "db.client.connection.count", "Connections open now, by state", Tags.of("state", "idle"),
                m -> m.db.diagnostics().status().idle());
        gauge(registry, "db.client.connection.count", "Connections open now, by state", Tags.of("state", "used"),
                m -> m.db.diagnostics().status().active());
        gauge(registry, "db.client.connection.max", "Most connections the pool may open", Tags.empty(),
                m -> m.db.diagnostics().status().max());
        gauge(registry, "db.client.connection.pending_requests", "Callers waiting for a pool connection now",
                Tags.empty(), m -> m.db.diagnostics().status().waiting());
        for (String mode : new String[]{"direct", "session", "transaction", "unknown"}) {
            // One series per mode, 1 for the current one: the route is detected on the first connection, so it can change once.
            gauge(registry, "poolguard.route", "What the connections go through (1 for the current mode): direct, session or"
                    + " transaction pooler, unknown before the first connection", Tags.of("mode", mode),
                    m -> m.db.diagnostics().status().route().mode().equals(mode) ? 1 : 0);
        }
    }

    private void bindCounters(MeterRegistry registry) {
        counter(registry, "poolguard.retries", "Calls run again after a failure, one per RETRY event (stale connections"
                + " replaced and connect attempts are counted apart)", Tags.empty(), s -> s.retries());
        counter(registry, "poolguard.connections.stale.replaced", "Pooled connections found dead at their first statement and"
                + " replaced, the call run again unseen, one per STALE_CONNECTION event", Tags.empty(), s -> s.staleConnectionsReplaced());
        counter(registry, "poolguard.leaks", "Leases held longer than the leak threshold", Tags.empty(),
                s -> events(s, EventType.LEAK));
        counter(registry, "poolguard.leases.revoked", "Leases revoked by reclaim, their connections aborted",
                Tags.empty(), s -> events(s, EventType.LEASE_REVOKED));
        counter(registry, "poolguard.tasks.submitted", "Background tasks accepted", Tags.empty(), s -> s.tasksSubmitted());
        counter(registry, "poolguard.tasks.failed", "Background tasks that failed", Tags.empty(), s -> s.tasksFailed());
        counter(registry, "poolguard.tasks.rejected", "Background tasks refused because the queue was full",
                Tags.empty(), s -> s.tasksRejected());
        counter(registry, "poolguard.connections.opened", "Physical connections opened", Tags.empty(),
                s -> s.connectionsOpened());
        counter(registry, "poolguard.connections.open.failures", "Failed attempts to open a physical connection",
                Tags.empty(), s -> s.connectFailures());
        counter(registry, "poolguard.pooler.refusals", "Queries and connections a pooler refused or timed out (client cap,"
                + " query_wait_timeout): the pooler, not Poolguard's pool, is the bottleneck", Tags.empty(), s -> s.poolerRefusals());
        counter(registry, "poolguard.events.dropped", "Events dropped because the reporter queue was full",
                Tags.empty(), s -> s.droppedEvents());
        for (EventType type : EventType.values()) {
            counter(registry, "poolguard.events", "Diagnostic events, by type",
                    Tags.of("type", type.name().toLowerCase(Locale.ROOT)), s -> events(s, type));
        }
    }

    /** Registers meters for error keys and workloads that appeared since the last look, in every bound registry. */
    private void discover() {
        if (closed) {
            return;
        }
        try {
            for (Bound b : bound) {
                discover(b);
            }
        } catch (RuntimeException e) {
            // Swallowed: a scheduled task that throws is never run again. The next look tries again.
        }
    }

    private void discover(Bound b) {
        synchronized (b) {
            for (String key : db.diagnostics().stats().errors().keySet()) {
                if (b.errorKeys.add(key)) {
                    int bar = key.indexOf('|');
                    Tags errorTags = Tags.of("error_type", key.substring(0, bar), "expected", key.substring(bar + 1));
                    counter(b.registry, "poolguard.errors", "Failures that reached callers, by error_type and expected",
                            errorTags, s -> s.errors().getOrDefault(key, 0L));
                }
            }
            for (WorkloadStatus w : db.diagnostics().workloads()) {
                if (b.workloads.add(w.workload())) {
                    String name = w.workload();
                    Tags wt = Tags.of("workload", name);
                    gauge(b.registry, "poolguard.workload.connections.used", "Connections a workload holds now", wt,
                            m -> m.workload(name).inUse());
                    gauge(b.registry, "poolguard.workload.pending_requests", "Callers waiting for a workload's budget now",
                            wt, m -> m.workload(name).waiting());
                    if (w.limit() > 0) {
                        gauge(b.registry, "poolguard.workload.connections.max", "A workload's connection budget", wt,
                                m -> m.workload(name).limit());
                    }
                }
            }
        }
    }

    private WorkloadStatus workload(String name) {
        for (WorkloadStatus w : db.diagnostics().workloads()) {
            if (w.workload().equals(name)) {
                return w;
            }
        }
        return new WorkloadStatus(name, 0, 0, 0);
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags extra,
                       ToDoubleFunction<PoolguardMetrics> value) {
        Gauge.builder(name, this, value).description(description).tags(tags).tags(extra).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, Tags extra,
                         ToDoubleFunction<DatabaseStats> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.db.diagnostics().stats())).description(description)
                .tags(tags).tags(extra).register(registry);
    }

    private static long events(DatabaseStats stats, EventType type) {
        return stats.events().getOrDefault(type, 0L);
    }

    /** Stops looking for new tag values. Meters stay registered and keep reading the database. */
    @Override
    public synchronized void close() {
        closed = true;
        if (discovery != null) {
            discovery.shutdownNow();
        }
    }

    /** One registry's timing meters and the tag values already registered in it. */
    private final class Bound {
        final MeterRegistry registry;
        final Timer waitTime;
        final Timer useTime;
        final Timer createTime;
        final Counter timeouts;
        final Set<String> errorKeys = new HashSet<>();
        final Set<String> workloads = new HashSet<>();

        Bound(MeterRegistry registry) {
            this.registry = registry;
            waitTime = Timer.builder("db.client.connection.wait_time").description("Time waited for a pool connection")
                    .tags(tags).register(registry);
            useTime = Timer.builder("db.client.connection.use_time").description("Time a connection was held per borrow")
                    .tags(tags).register(registry);
            createTime = Timer.builder("db.client.connection.create_time").description("Time to open a physical connection")
                    .tags(tags).register(registry);
            timeouts = Counter.builder("db.client.connection.timeouts")
                    .description("Borrows that timed out waiting for a pool connection").tags(tags).register(registry);
        }
    }

    /** HikariCP's timings, recorded into every bound registry. Runs on borrowing threads: no allocation, no locks. */
    private final class Timings implements PoolListener {
        @Override
        public void connectionAcquired(long waitNanos) {
            for (Bound b : bound) {
                b.waitTime.record(waitNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void connectionReleased(long usedMillis) {
            for (Bound b : bound) {
                b.useTime.record(usedMillis, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void borrowTimedOut() {
            for (Bound b : bound) {
                b.timeouts.increment();
            }
        }

        @Override
        public void connectionCreated(long millis) {
            for (Bound b : bound) {
                b.createTime.record(millis, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return "PoolguardMetrics[" + db.config().poolName() + ", " + bound.length + " registries]";
    }
}
