package dev.poolguard.internal;

import dev.poolguard.status.ConnectionCheck;
import dev.poolguard.status.PoolStatus;
import dev.poolguard.event.Severity;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Judges health without borrowing from the pool it judges, and runs probes on connections of their own. */
final class HealthJudge {

    private static final Duration PROBE_TIMEOUT_CAP = Duration.ofSeconds(5);

    private final Engine engine;

    HealthJudge(Engine engine) {
        this.engine = engine;
    }

    // Health: judged from the pool status, recent events, the connector and a probe of its own; never borrows.
    private static final Duration PROBE_MAX_AGE = Duration.ofSeconds(10);
    private static final Duration CRITICAL_WINDOW = Duration.ofSeconds(60);
    private volatile ConnectionCheck lastProbe;
    private volatile long lastProbeNanos;

    dev.poolguard.status.Health health() {
        java.util.List<String> reasons = new java.util.ArrayList<>();
        dev.poolguard.status.Health.Status status = dev.poolguard.status.Health.Status.UP;
        PoolStatus s = engine.status();
        if (engine.isClosed()) {
            return new dev.poolguard.status.Health(dev.poolguard.status.Health.Status.DOWN, java.util.List.of("database is closed or closing"),
                    s, lastProbe, java.time.Instant.now());
        }
        ConnectionCheck probe = probe();
        // A pooler refusing clients (its client cap, its query_wait_timeout) is saturated, not down: the database is
        // there, and restarting this instance would not help. DEGRADED, with the pooler named below.
        boolean poolerCap = poolerOverload(engine.connector().lastFailure());
        dev.poolguard.status.Health.Status refused = poolerCap ? dev.poolguard.status.Health.Status.DEGRADED : dev.poolguard.status.Health.Status.DOWN;
        if (!probe.ok()) {
            status = worse(status, poolerCap || poolerOverload(lastProbeFailure) ? dev.poolguard.status.Health.Status.DEGRADED
                    : dev.poolguard.status.Health.Status.DOWN);
            reasons.add("probe failed: " + probe.error());
        }
        if (engine.connector().isFailing()) {
            status = worse(status, refused);
            reasons.add("new connections fail since " + (System.currentTimeMillis() - engine.connector().failingSinceMillis())
                    + "ms: " + Failures.describe(engine.connector().lastFailure()));
        }
        if (s.waiting() > 0) {
            status = worse(status, dev.poolguard.status.Health.Status.DEGRADED);
            reasons.add(s.waiting() + " callers waiting for a connection");
        }
        if (s.active() >= Math.max(1, (int) Math.ceil(s.max() * 0.9))) {
            status = worse(status, dev.poolguard.status.Health.Status.DEGRADED);
            reasons.add("pool saturated: " + s.active() + " of " + s.max() + " connections in use");
        }
        java.time.Instant since = java.time.Instant.now().minus(CRITICAL_WINDOW);
        String pooler = poolerSaturation(s, probe, since);
        if (pooler != null) {
            status = worse(status, dev.poolguard.status.Health.Status.DEGRADED);
            reasons.add(pooler);
        }
        long critical = engine.events().recent().stream()
                .filter(e -> e.severity() == Severity.ERROR && e.timestamp().isAfter(since)).count();
        if (critical > 0) {
            status = worse(status, dev.poolguard.status.Health.Status.DEGRADED);
            reasons.add(critical + " critical events in the last " + CRITICAL_WINDOW.toSeconds() + "s");
        }
        return new dev.poolguard.status.Health(status, reasons, s, probe, java.time.Instant.now());
    }

    /** Probe round trips above this, behind a pooler, mean queries queue inside the pooler for a server connection. */
    static final Duration POOLER_QUEUEING = Duration.ofSeconds(1);

    /**
     * Behind a transaction pooler a borrow from Poolguard's pool is instant while queries queue inside the pooler for
     * one of its few server connections: Poolguard's pool looks idle while callers wait. Told from the pooler's own
     * errors (query_wait_timeout, client caps) in the window, and from the probe's query waiting in the pooler.
     */
    private String poolerSaturation(PoolStatus s, ConnectionCheck probe, java.time.Instant since) {
        dev.poolguard.pooler.Route route = engine.route();
        long overloads = engine.events().recent().stream()
                .filter(e -> e.timestamp().isAfter(since) && "server_overloaded".equals(e.tags().get("error_type"))
                        && POOLER_SOURCES.contains(e.tags().get("source")))
                .count();
        boolean queueing = route.behindPooler() && probe.ok() && probe.roundTrip().compareTo(POOLER_QUEUEING) > 0;
        if (overloads == 0 && !queueing) {
            return null;
        }
        return "pooler saturated (" + (route.pooler().isEmpty() ? "" : route.pooler() + ", ") + route.mode() + " mode): "
                + (overloads > 0 ? overloads + " refusals or timeouts from the pooler in the last " + CRITICAL_WINDOW.toSeconds()
                + "s (its client cap, or queries waiting past its query_wait_timeout)" : "")
                + (overloads > 0 && queueing ? "; " : "")
                + (queueing ? "the probe's query waited " + probe.roundTrip().toMillis() + "ms in the pooler" : "")
                + "; the pooler's server connections are the bottleneck, not Poolguard's pool (" + s.active() + " of " + s.max()
                + " in use): raise the pooler's pool size (PgBouncer default_pool_size) or lower the load";
    }

    private boolean poolerOverload(SQLException e) {
        if (e == null) {
            return false;
        }
        dev.poolguard.classify.Classification c = engine.classifier().classify(e);
        return c.kind() == dev.poolguard.classify.ErrorKind.SERVER_OVERLOADED && POOLER_SOURCES.contains(c.source());
    }

    private volatile SQLException lastProbeFailure;

    static final java.util.Set<String> POOLER_SOURCES = Connector.POOLER_SOURCES;

    private static dev.poolguard.status.Health.Status worse(dev.poolguard.status.Health.Status a, dev.poolguard.status.Health.Status b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** The cached probe if fresh, else a new one on a connection of its own. */
    private ConnectionCheck probe() {
        long now = System.nanoTime();
        ConnectionCheck cached = lastProbe;
        if (cached != null && now - lastProbeNanos < PROBE_MAX_AGE.toNanos()) {
            return cached;
        }
        probing.lock();
        try {
            if (lastProbe != null && System.nanoTime() - lastProbeNanos < PROBE_MAX_AGE.toNanos()) {
                return lastProbe;
            }
            ConnectionCheck fresh = testConnection();
            lastProbe = fresh;
            lastProbeNanos = System.nanoTime();
            return fresh;
        } finally {
            probing.unlock();
        }
    }

    /** Held while one caller probes; a lock, not a monitor, since it is held across network I/O (a virtual thread would pin its carrier on JDK 21). */
    private final java.util.concurrent.locks.ReentrantLock probing = new java.util.concurrent.locks.ReentrantLock();

    /** Opens a connection of its own (never the pool's) and times one query on it; never throws. */
    ConnectionCheck testConnection() {
        Duration timeout = engine.config().connectionTimeout().compareTo(PROBE_TIMEOUT_CAP) < 0 ? engine.config().connectionTimeout() : PROBE_TIMEOUT_CAP;
        long start = System.nanoTime();
        try (Connection c = engine.connector().openProbe(engine.config(), timeout)) {
            long connected = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                long before = System.nanoTime();
                try (ResultSet rs = s.executeQuery("select current_setting('server_version')")) {
                    rs.next();
                    String version = rs.getString(1);
                    lastProbeFailure = null;
                    long after = System.nanoTime();
                    return new ConnectionCheck(true, Duration.ofNanos(after - before), Duration.ofNanos(connected - start), version, null);
                }
            }
        } catch (SQLException e) {
            lastProbeFailure = e;
            return new ConnectionCheck(false, Duration.ZERO, Duration.ofNanos(System.nanoTime() - start), null, Failures.describe(e));
        }
    }
}
