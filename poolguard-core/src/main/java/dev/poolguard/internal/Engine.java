package dev.poolguard.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.pool.HikariPool;
import dev.poolguard.ConnectionCheck;
import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.DatabaseClosedException;
import dev.poolguard.DatabaseConfig;
import dev.poolguard.DatabaseUnavailableException;
import dev.poolguard.LeaseInfo;
import dev.poolguard.PoolStatus;
import dev.poolguard.PoolguardException;
import dev.poolguard.QueryFailedException;
import dev.poolguard.lease.CallSites;
import dev.poolguard.lease.Lease;
import dev.poolguard.lease.LeaseRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state behind every {@code Database} view of one pool, and the one primitive every call goes through:
 * {@link #call} borrows, runs the work, and releases on every path.
 */
public final class Engine {

    private static final Logger log = LoggerFactory.getLogger("dev.poolguard.Database");

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final Duration PROBE_TIMEOUT_CAP = Duration.ofSeconds(5);

    /** What a call does, which decides how its failures are named (and, later, retried). */
    public enum Kind {
        QUERY("query"), QUERY_ONE("queryOne"), UPDATE("update"), TRANSACTION("transaction"), RAW("withConnection");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Work done while holding a lease. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Lease lease) throws SQLException;
    }

    private final DatabaseConfig config;
    private final Connector connector;
    private final HikariPool pool;
    private final LeaseRegistry leases = new LeaseRegistry();
    /** The lease of the transaction open on this thread, which later calls on the thread join. */
    private final ThreadLocal<Lease> transactionLease = new ThreadLocal<>();
    private final Object closeLock = new Object();
    private volatile int state = OPEN;
    /** Calls between entering the primitive and releasing their lease; close() drains them. */
    private final LongAdder inFlight = new LongAdder();
    private final Thread shutdownHook;

    public Engine(DatabaseConfig config) {
        this.config = config;
        this.connector = new Connector(config);
        this.pool = new HikariPool(hikariConfig(config, connector));
        if (config.registerShutdownHook()) {
            shutdownHook = new Thread(this::close, config.poolName() + "-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
        log.info("Poolguard {} started: {}", config.poolName(), config);
    }

    private static HikariConfig hikariConfig(DatabaseConfig config, Connector connector) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(config.poolName());
        h.setDataSource(connector);
        h.setMaximumPoolSize(config.maxPoolSize());
        h.setMinimumIdle(config.minIdle());
        h.setIdleTimeout(config.idleTimeout().toMillis());
        h.setConnectionTimeout(config.connectionTimeout().toMillis());
        h.setMaxLifetime(config.maxLifetime().toMillis());
        h.setKeepaliveTime(config.keepaliveTime().toMillis());
        h.setValidationTimeout(Math.max(250, Math.min(5000, config.connectionTimeout().toMillis() / 2)));
        // Start even when the database is asleep or down: serverless computes wake on the first connect.
        h.setInitializationFailTimeout(-1);
        h.setAutoCommit(true);
        // Poolguard's own leak detection replaces HikariCP's (it knows the call site and the workload).
        h.setLeakDetectionThreshold(0);
        h.validate();
        return h;
    }

    public DatabaseConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The primitive

    /**
     * Runs {@code work} on a leased connection and releases it on every path. A call made on a thread with an open
     * transaction of this engine joins that transaction's connection instead of borrowing a second one.
     */
    public <T> T call(Kind kind, String sql, String workload, Work<T> work) {
        return callCapturingSite(kind, sql, workload, null, work);
    }

    /** Like {@link #call} with the call site already known, for handles whose misuse must say where they came from. */
    public <T> T callCapturingSite(Kind kind, String sql, String workload, String callSite, Work<T> work) {
        enter();
        try {
            Lease joined = transactionLease.get();
            if (joined != null) {
                return onLease(joined, kind, sql, work);
            }
            return withLease(kind, sql, workload, callSite, work);
        } finally {
            inFlight.decrement();
        }
    }

    /** A transaction: joins the one open on this thread, or borrows and commits one of its own. */
    public <T> T transaction(String workload, dev.poolguard.TransactionCallback<T> callback) {
        String site = CallSites.here();
        Lease joined = transactionLease.get();
        return callCapturingSite(Kind.TRANSACTION, null, workload, site,
                joined != null ? Calls.joined(this, callback, site) : Calls.transaction(this, callback, site));
    }

    /** Runs work on a lease the caller already holds (a transaction handle), translating failures. */
    public <T> T onLease(Lease lease, Kind kind, String sql, Work<T> work) {
        try {
            return work.run(lease);
        } catch (SQLException e) {
            throw failure(kind, sql, e, 1);
        }
    }

    // The call-site resolver finds holders by this method's frame: keep the name in sync with CallSites.
    private <T> T withLease(Kind kind, String sql, String workload, String callSite, Work<T> work) {
        Lease lease = acquire(kind, sql, workload, callSite);
        try {
            return work.run(lease);
        } catch (SQLException e) {
            throw failure(kind, sql, e, 1);
        } finally {
            release(lease);
        }
    }

    private Lease acquire(Kind kind, String sql, String workload, String callSite) {
        long start = System.nanoTime();
        Connection connection;
        try {
            connection = pool.getConnection(config.connectionTimeout().toMillis());
        } catch (SQLException e) {
            throw borrowFailure(kind, sql, e, System.nanoTime() - start);
        }
        Lease lease = new Lease(connection, Thread.currentThread(), start, System.currentTimeMillis(), workload, callSite);
        leases.add(lease);
        return lease;
    }

    private void release(Lease lease) {
        leases.remove(lease);
        if (!lease.markReleased()) {
            return; // revoked: its connection was already aborted and evicted
        }
        try {
            lease.connection().close();
        } catch (SQLException e) {
            log.debug("Returning a connection to the pool failed; HikariCP evicts it", e);
        }
    }

    /** Marks the lease as the open transaction of this thread (or clears it with {@code null}). */
    public void bindTransaction(Lease lease) {
        if (lease == null) {
            transactionLease.remove();
        } else {
            transactionLease.set(lease);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Failures

    private PoolguardException borrowFailure(Kind kind, String sql, SQLException e, long elapsedNanos) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        if (Thread.currentThread().isInterrupted()) {
            return new ConnectionUnavailableException(kind.label + " was interrupted while waiting " + elapsedMs
                    + "ms for a connection (" + status() + ")" + sqlSuffix(sql), e, text(sql), 1);
        }
        if (connector.isFailing()) {
            SQLException last = connector.lastFailure();
            long since = System.currentTimeMillis() - connector.failingSinceMillis();
            return new DatabaseUnavailableException("database unavailable: " + kind.label + " got no connection in "
                    + elapsedMs + "ms; connects have failed for " + since + "ms, last error: "
                    + describe(last) + " (" + status() + ")" + sqlSuffix(sql), last != null ? last : e, text(sql), 1);
        }
        long now = System.nanoTime();
        return new ConnectionUnavailableException(kind.label + " got no connection in " + elapsedMs + "ms: pool exhausted ("
                + status() + "); holders: " + leases.holdersSummary(now, 5)
                + "; raise maxPoolSize or connectionTimeout, or hold connections for less time" + sqlSuffix(sql),
                e, text(sql), 1);
    }

    PoolguardException failure(Kind kind, String sql, SQLException e, int attempts) {
        return new QueryFailedException(kind.label + " failed: " + describe(e) + sqlSuffix(sql), e, text(sql), attempts);
    }

    /** {@code message (SQLSTATE 42P01)} with the password masked. */
    static String describe(SQLException e) {
        if (e == null) {
            return "unknown";
        }
        String message = DatabaseUrl.mask(String.valueOf(e.getMessage()));
        return e.getSQLState() == null ? message : message + " (SQLSTATE " + e.getSQLState() + ")";
    }

    private String sqlSuffix(String sql) {
        return sql == null ? "" : "; sql: " + text(sql);
    }

    String text(String sql) {
        if (sql == null) {
            return null;
        }
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        int limit = config.sqlTextLimit();
        return oneLine.length() <= limit ? oneLine : oneLine.substring(0, limit - 1) + "…";
    }

    // ------------------------------------------------------------------------------------------------------------
    // Status, checks, lifecycle

    public PoolStatus status() {
        return new PoolStatus(pool.getTotalConnections(), pool.getActiveConnections(), pool.getIdleConnections(),
                pool.getThreadsAwaitingConnection(), config.maxPoolSize());
    }

    public List<LeaseInfo> leases() {
        return leases.snapshot(System.nanoTime());
    }

    public ConnectionCheck testConnection() {
        Duration timeout = config.connectionTimeout().compareTo(PROBE_TIMEOUT_CAP) < 0 ? config.connectionTimeout() : PROBE_TIMEOUT_CAP;
        long start = System.nanoTime();
        try (Connection c = connector.openProbe(config, timeout)) {
            long connected = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                long before = System.nanoTime();
                try (ResultSet rs = s.executeQuery("select current_setting('server_version')")) {
                    rs.next();
                    String version = rs.getString(1);
                    long after = System.nanoTime();
                    return new ConnectionCheck(true, Duration.ofNanos(after - before), Duration.ofNanos(connected - start), version, null);
                }
            }
        } catch (SQLException e) {
            return new ConnectionCheck(false, Duration.ZERO, Duration.ofNanos(System.nanoTime() - start), null, describe(e));
        }
    }

    /** Counts the call as in flight before checking the state, so close() cannot miss a call that got in. */
    private void enter() {
        inFlight.increment();
        if (state != OPEN) {
            inFlight.decrement();
            throw new DatabaseClosedException(state == CLOSING
                    ? "database is closing: new calls are refused while " + inFlight.sum() + " in-flight calls drain"
                    : "database is closed");
        }
    }

    public boolean isClosed() {
        return state != OPEN;
    }

    /** Refuses new calls, lets in-flight ones finish within the drain deadline, then closes the pool. */
    public void close() {
        synchronized (closeLock) {
            if (state != OPEN) {
                return;
            }
            state = CLOSING;
            long deadline = System.nanoTime() + config.drainTimeout().toNanos();
            long calls = inFlight.sum();
            if (calls > 0) {
                log.info("Poolguard {} closing: draining {} in-flight calls (deadline {})", config.poolName(), calls,
                        Durations.format(config.drainTimeout()));
            }
            while (inFlight.sum() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (inFlight.sum() > 0) {
                log.warn("Poolguard {} drain deadline {} passed with calls still holding connections; aborting them: {}",
                        config.poolName(), Durations.format(config.drainTimeout()), leases.holdersSummary(System.nanoTime(), 10));
            }
            PoolStatus last = status();
            try {
                pool.shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            state = CLOSED;
            log.info("Poolguard {} closed; final pool status before shutdown: {}", config.poolName(), last);
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down
                }
            }
        }
    }
}
