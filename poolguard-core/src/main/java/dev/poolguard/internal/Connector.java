package dev.poolguard.internal;

import dev.poolguard.DatabaseConfig;
import dev.poolguard.Sleeper;
import dev.poolguard.classify.Classification;
import dev.poolguard.classify.ErrorClassifier;
import dev.poolguard.classify.RetryScope;
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
    private final Properties properties;
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

    public Connector(DatabaseConfig config, ErrorClassifier classifier, Backoff backoff, Sleeper sleeper) {
        this.driver = config.driver();
        this.jdbcUrl = config.jdbcUrl();
        this.properties = driverProperties(config, config.connectionTimeout());
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

    static Properties driverProperties(DatabaseConfig config, Duration connectTimeout) {
        Properties p = new Properties();
        p.setProperty("tcpKeepAlive", Boolean.toString(config.tcpKeepAlive()));
        p.setProperty("socketTimeout", Long.toString(ceilSeconds(config.socketTimeout())));
        p.setProperty("connectTimeout", Long.toString(Math.max(1, ceilSeconds(connectTimeout))));
        p.setProperty("loginTimeout", Long.toString(Math.max(1, ceilSeconds(connectTimeout))));
        p.setProperty("ApplicationName", config.applicationName());
        // Server error details quote row values ("Key (email)=(bob@x) already exists"): keep them out of messages.
        p.setProperty("logServerErrorDetail", "false");
        config.driverProperties().forEach(p::setProperty);
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
                return open(properties);
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

    /** Failed attempts in the current run of failures (0 after a success). */
    public long failingAttempts() {
        return failingAttempts.get();
    }

    /** A connection with a shorter connect timeout, outside the pool, for probes that must never hang. */
    public Connection openProbe(DatabaseConfig config, Duration timeout) throws SQLException {
        Properties p = driverProperties(config, timeout);
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
        return open(p);
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
}
