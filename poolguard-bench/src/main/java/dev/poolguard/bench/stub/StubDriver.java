package dev.poolguard.bench.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver whose connections do nothing, HikariCP-benchmark's method: with the database out of the picture, the
 * only cost left in a borrow or a statement is the pool's own. Registered with {@link DriverManager} for
 * {@value #URL} (how the peers reach it); Poolguard is handed {@link #anyUrl()} through
 * {@code DatabaseBuilder.driver(...)}, since it calls its driver with a {@code jdbc:postgresql://} URL.
 */
public final class StubDriver implements Driver {

    /** The URL the peers are given. */
    public static final String URL = "jdbc:stub";

    static {
        try {
            DriverManager.registerDriver(new StubDriver(false, false));
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean anyUrl;
    private final boolean wrapped;

    /** A driver for {@value #URL} only (pools that instantiate their driver class by name use this). */
    public StubDriver() {
        this(false, false);
    }

    private StubDriver(boolean anyUrl, boolean wrapped) {
        this.anyUrl = anyUrl;
        this.wrapped = wrapped;
    }

    /** Makes sure the driver is registered for {@value #URL}. */
    public static void register() {
        // the static initializer does the work
    }

    /** A driver that accepts every URL: for Poolguard, which passes its own PostgreSQL URL. */
    public static StubDriver anyUrl() {
        return new StubDriver(true, false);
    }

    /** Like {@link #anyUrl()}, its connections behind a {@link WrappedConnection}, as a tracing wrapper's are. */
    public static StubDriver anyUrlWrapped() {
        return new StubDriver(true, true);
    }

    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        return wrapped ? new WrappedConnection(new StubConnection()) : new StubConnection();
    }

    @Override
    public boolean acceptsURL(String url) {
        return anyUrl || (url != null && url.startsWith(URL));
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the stub driver does not log");
    }
}
