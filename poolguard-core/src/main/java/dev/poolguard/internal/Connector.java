package dev.poolguard.internal;

import com.zaxxer.hikari.HikariConfig;
import dev.poolguard.DatabaseConfig;
import dev.poolguard.Sleeper;
import dev.poolguard.classify.Classification;
import dev.poolguard.classify.ErrorClassifier;
import dev.poolguard.classify.RetryScope;
import dev.poolguard.pooler.Route;
import dev.poolguard.retry.Backoff;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens physical connections for HikariCP (it is the pool's {@link DataSource}) and for Poolguard's own probes.
 *
 * <p>Owning this step lets Poolguard set the driver defaults providers need (TCP keepalive, finite socket timeout,
 * application name, no bind values in server error details), and remember the last connect failure and since when
 * connects have been failing, which is how a borrow timeout is told apart: pool exhausted, or database unavailable.
 */
public final class Connector implements DataSource {

    private final Driver driver;
    private final String jdbcUrl;
    private final DatabaseConfig config;
    private volatile Properties properties;
    private volatile Route route;
    /** Whether the application set prepareThreshold itself (then it is theirs, even behind a transaction pooler). */
    private final boolean explicitPrepareThreshold;
    private final AtomicReference<SQLException> lastFailure = new AtomicReference<>();
    /** Wall-clock millis of the first failure in the current run of failures; 0 while connects succeed. */
    private final AtomicLong failingSinceMillis = new AtomicLong();
    private final AtomicLong lastFailureMillis = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Told about every failed connect attempt, with its number in the current run of failures. */
    public interface FailureListener {
        void connectFailed(SQLException failure, Classification classification, int attempt, boolean willRetry);
    }

    private final ErrorClassifier classifier;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final long retryBoundNanos;
    private volatile BooleanSupplier demand = () -> false;
    private volatile FailureListener listener = (e, c, a, r) -> { };
    private volatile boolean closing;
    private final AtomicLong failingAttempts = new AtomicLong();

    /** Told of every pool connection opened, before HikariCP gets it (the engine makes its lease slot then). */
    private final java.util.function.Consumer<Connection> connected;

    public Connector(DatabaseConfig config, ErrorClassifier classifier, Backoff backoff, Sleeper sleeper,
                     java.util.function.Consumer<Connection> connected) {
        this.connected = connected;
        this.driver = config.driver();
        this.jdbcUrl = config.jdbcUrl();
        this.config = config;
        this.explicitPrepareThreshold = config.setsDriverProperty("prepareThreshold");
        Route initial = config.initialRoute();
        if (initial.source() == Route.Source.NOT_YET && !(driver instanceof org.postgresql.Driver)) {
            // A wrapping or stub driver: its answers about pids say nothing about poolers.
            initial = new Route(Route.Kind.UNKNOWN, initial.provider(), null, Route.Source.SETTING,
                    "not detected: the driver is " + driver.getClass().getName() + ", not pgjdbc; set pooler(...) if one is in the way");
        }
        this.route = initial;
        this.properties = withRoute(driverProperties(config, config.connectionTimeout()), initial);
        this.classifier = classifier;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.retryBoundNanos = config.connectionTimeout().toNanos();
    }

    /**
     * While {@code demand} says callers are waiting, a failed connect that is safe to retry (refused, starting up,
     * too many clients) is retried here with short backoff instead of returning to HikariCP, whose own backoff grows
     * to 5 s: recovery then follows the server within the backoff cap.
     */
    public void retryWhile(BooleanSupplier demand, FailureListener listener) {
        this.demand = demand;
        this.listener = listener;
    }

    public void closing() {
        closing = true;
    }

    /** What connections go through: known from the setting or the URL, else detected on the first connection. */
    public Route route() {
        return route;
    }

    /** Properties for connections on {@code route}: behind a transaction pooler no server-side prepared statements. */
    private Properties withRoute(Properties base, Route r) {
        Properties p = new Properties();
        p.putAll(base);
        if (r.transactionPooled() && !explicitPrepareThreshold) {
            p.setProperty("prepareThreshold", "0");
        }
        return p;
    }

    static Properties driverProperties(DatabaseConfig config, Duration connectTimeout) {
        Properties p = new Properties();
        if (!config.setsDriverProperty("sslmode") && config.provider().requiresTls()) {
            // Providers are reached over the internet: never fall back to plain text silently (pgjdbc's default, prefer).
            p.setProperty("sslmode", "require");
        }
        p.setProperty("tcpKeepAlive", Boolean.toString(config.tcpKeepAlive()));
        p.setProperty("socketTimeout", Long.toString(ceilSeconds(config.socketTimeout())));
        p.setProperty("connectTimeout", Long.toString(Math.max(1, ceilSeconds(connectTimeout))));
        p.setProperty("loginTimeout", Long.toString(Math.max(1, ceilSeconds(connectTimeout))));
        p.setProperty("ApplicationName", config.applicationName());
        // Server error details quote row values ("Key (email)=(bob@x) already exists"): keep them out of messages.
        p.setProperty("logServerErrorDetail", "false");
        config.driverProperties().forEach(p::setProperty);
        config.secretDriverProperties().forEach(p::setProperty);
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        return p;
    }

    private static long ceilSeconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long start = System.nanoTime();
        for (int retry = 1; ; retry++) {
            try {
                return ready(open(properties));
            } catch (SQLException e) {
                Classification c = classifier.classify(e);
                long attempt = failingAttempts.incrementAndGet();
                Duration delay = backoff.delay(retry);
                boolean retrying = c.retry() == RetryScope.CONNECT && !closing && demand.getAsBoolean()
                        && System.nanoTime() - start + delay.toNanos() < retryBoundNanos;
                listener.connectFailed(e, c, (int) Math.min(Integer.MAX_VALUE, attempt), retrying);
                if (!retrying) {
                    throw e;
                }
                try {
                    sleeper.sleep(delay.toNanos());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Detects the route on the first connection when it is not known yet (other connections opened meanwhile wait for
     * the answer), then makes {@code c} fit it: behind a transaction pooler, no server-side prepared statements.
     */
    private Connection onRoute(Connection c) throws SQLException {
        Route r = route;
        if (r.source() == Route.Source.NOT_YET) {
            detecting.lock();
            try {
                r = route;
                if (r.source() == Route.Source.NOT_YET) {
                    try {
                        r = RouteProbe.detect(c, () -> open(properties), config.provider());
                    } catch (SQLException e) {
                        Classification failure = classifier.classify(e);
                        if (!POOLER_SOURCES.contains(failure.source())) {
                            throw e; // nothing learned: the next connection detects again
                        }
                        // Only a pooler raises its own errors (query_wait_timeout, client caps) at the probe's query.
                        r = new Route(Route.Kind.TRANSACTION_POOLER, config.provider(), null, Route.Source.DETECTED,
                                "the detection query was refused by the pooler itself (" + failure.reason()
                                        + "), so a pooler is there; transaction mode is assumed, which is safe in both modes");
                        setRoute(r);
                        throw e;
                    }
                    setRoute(r);
                }
            } finally {
                detecting.unlock();
            }
        }
        if (r.transactionPooled() && !explicitPrepareThreshold) {
            c.unwrap(org.postgresql.PGConnection.class).setPrepareThreshold(0);
        }
        return c;
    }

    private void setRoute(Route r) {
        properties = withRoute(properties, r);
        route = r;
        routeListener.accept(r);
    }

    /**
     * Held while the first connection detects the route (network I/O): a lock, not a monitor, so a virtual thread
     * opening a connection does not pin its carrier on JDK 21.
     */
    private final java.util.concurrent.locks.ReentrantLock detecting = new java.util.concurrent.locks.ReentrantLock();

    /** Classification sources that are poolers: an error from one of them proves a pooler is in the way. */
    static final java.util.Set<String> POOLER_SOURCES = java.util.Set.of("pgbouncer", "supavisor", "neon");

    private volatile java.util.function.Consumer<Route> routeListener = r -> { };

    /** Told once, when the route is detected on the first connection. */
    public void onRouteDetected(java.util.function.Consumer<Route> listener) {
        this.routeListener = listener;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being discarded anyway
        }
    }

    /** Failed attempts in the current run of failures (0 after a success). */
    public long failingAttempts() {
        return failingAttempts.get();
    }

    /** A connection with a shorter connect timeout, outside the pool, for probes that must never hang. */
    public Connection openProbe(DatabaseConfig config, Duration timeout) throws SQLException {
        Properties p = withRoute(driverProperties(config, timeout), route);
        p.setProperty("socketTimeout", Long.toString(Math.max(1, ceilSeconds(timeout))));
        p.setProperty("ApplicationName", truncate(config.applicationName() + " probe"));
        return open(p);
    }

    private Connection open(Properties props) throws SQLException {
        try {
            Connection c = driver.connect(jdbcUrl, props);
            if (c == null) {
                throw new SQLException(driver.getClass().getName() + " did not accept the URL " + jdbcUrl, "08001");
            }
            opened.incrementAndGet();
            long since = failingSinceMillis.getAndSet(0);
            long attempts = failingAttempts.getAndSet(0);
            if (since != 0) {
                org.slf4j.LoggerFactory.getLogger("dev.poolguard.Database").info(
                        "Poolguard connects succeed again after {} failed attempts over {}ms", attempts, System.currentTimeMillis() - since);
            }
            return c;
        } catch (SQLException e) {
            long now = System.currentTimeMillis();
            failed.incrementAndGet();
            lastFailure.set(e);
            lastFailureMillis.set(now);
            failingSinceMillis.compareAndSet(0, now);
            throw e;
        }
    }

    /** Whether the most recent connect attempt failed. */
    public boolean isFailing() {
        return failingSinceMillis.get() != 0;
    }

    /** Wall-clock millis since which connects fail, 0 when the last one succeeded. */
    public long failingSinceMillis() {
        return failingSinceMillis.get();
    }

    public SQLException lastFailure() {
        return lastFailure.get();
    }

    public long lastFailureMillis() {
        return lastFailureMillis.get();
    }

    public long opened() {
        return opened.get();
    }

    public long failed() {
        return failed.get();
    }

    private static String truncate(String s) {
        return s.length() <= 63 ? s : s.substring(0, 63);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("user", username);
        p.setProperty("password", password);
        return ready(open(p));
    }

    /** Fits a pool connection just opened to the route and tells the engine of it; closes it if either fails. */
    private Connection ready(Connection c) throws SQLException {
        try {
            onRoute(c);
            connected.accept(c);
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // unused: logging goes through SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the connect timeout comes from connectionTimeout
    }

    @Override
    public int getLoginTimeout() {
        return Integer.parseInt(properties.getProperty("loginTimeout"));
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /**
     * What HikariCP is given: this connector as its data source, the pool's limits and timeouts, and the timings
     * hook when a pool listener was given to the builder (so it counts from the first connection).
     */
    HikariConfig hikariConfig(PoolTimings timings) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(config.poolName());
        h.setDataSource(this);
        h.setMaximumPoolSize(config.maxPoolSize());
        h.setMinimumIdle(config.minIdle());
        // A fixed-size pool never retires idle connections; HikariCP warns at every start if it is given a timeout.
        h.setIdleTimeout(config.minIdle() >= config.maxPoolSize() ? 0 : config.idleTimeout().toMillis());
        h.setConnectionTimeout(config.connectionTimeout().toMillis());
        h.setMaxLifetime(config.maxLifetime().toMillis());
        h.setKeepaliveTime(config.keepaliveTime().toMillis());
        h.setValidationTimeout(Math.max(250, Math.min(5000, config.connectionTimeout().toMillis() / 2)));
        // Start even when the database is asleep or down: serverless computes wake on the first connect.
        h.setInitializationFailTimeout(-1);
        h.setAutoCommit(true);
        // Poolguard's own leak detection replaces HikariCP's (it knows the call site and the workload).
        h.setLeakDetectionThreshold(0);
        if (timings.listening()) {
            h.setMetricsTrackerFactory(timings::tracker);
        }
        h.validate();
        return h;
    }
}
