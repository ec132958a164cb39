package dev.poolguard;

import dev.poolguard.internal.CallOptions;
import dev.poolguard.internal.Engine;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for code that cannot be written against {@link Database} (Spring's {@code JdbcTemplate} and
 * {@code JdbcClient}, Hibernate, jOOQ, MyBatis): every connection it hands out is a Poolguard lease, made by
 * {@link Database#dataSource()}.
 *
 * <ul>
 *   <li>It shows in {@link Database#leases()} and on the dashboard with its call site: the first frame outside Poolguard
 *       and the data-access frameworks ({@link DatabaseConfig#DEFAULT_DATA_ACCESS_PACKAGES} and
 *       {@link DatabaseBuilder#dataAccessPackages}), or the name an integration gave with {@link #nameBorrows}.</li>
 *   <li>Leak detection, held-idle reports and reclaim apply; an exhausted pool's error names the holders.</li>
 *   <li>Statements are counted by the query guard (N+1 in the thread's unit of work, unbounded results, slow
 *       queries), carry the call-site comment {@code pg_stat_activity} shows, and failures are classified and reported
 *       as events; the caller still gets the driver's {@code SQLException}.</li>
 *   <li>{@code close()} returns the connection; using it, or a statement or result set made from it, afterwards throws
 *       {@link ConnectionReleasedException} naming where it was borrowed.</li>
 * </ul>
 *
 * <p>What it cannot do: retry. The caller owns the connection and its transaction, so a failure mid-way is the
 * caller's to handle (Spring's {@code @Retryable}, or the {@link Database} facade, which reruns whole transactions).
 * What it does instead: in the seconds after a backend was found terminated, each connection is checked before it is
 * handed out and a stale one replaced. Borrow failures are {@code SQLTransientConnectionException}s (closed:
 * {@code SQLNonTransientConnectionException}) whose message is Poolguard's and whose cause is the named
 * {@link PoolguardException}.
 */
public final class LeasedDataSource implements DataSource {

    private final Database db;
    private final Engine engine;
    private final CallOptions options;

    LeasedDataSource(Database db, Engine engine, CallOptions options) {
        this.db = db;
        this.engine = engine;
        this.options = options;
    }

    /** A connection that is a lease until its {@code close()}. */
    @Override
    public Connection getConnection() throws SQLException {
        return engine.lend(options);
    }

    /** Not supported: the credentials are the database's ({@link DatabaseBuilder#user}, {@link DatabaseBuilder#password}). */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Poolguard's DataSource connects with the Database's own credentials;"
                + " getConnection(user, password) is not supported: build another Database for other credentials");
    }

    /**
     * Names the leases this thread takes from now until the returned scope is closed (on this thread), in place of the
     * call site found on the stack: for integrations that know the unit of work better than the stack shows it, such as
     * a transaction manager that knows the {@code @Transactional} method before it borrows. Scopes nest; closing one
     * restores the name before it.
     */
    public Naming nameBorrows(String name) {
        Objects.requireNonNull(name, "name");
        String previous = engine.nameBorrows(name);
        return () -> engine.nameBorrows(previous);
    }

    /** The scope of {@link #nameBorrows}. */
    @FunctionalInterface
    public interface Naming extends AutoCloseable {
        @Override
        void close();
    }

    /** The database (and view: workload, idempotence, row budget) whose leases this hands out. */
    public Database database() {
        return db;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (type.isInstance(db)) {
            return type.cast(db);
        }
        throw new SQLException("LeasedDataSource wraps a " + Database.class.getName() + ", not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this) || type.isInstance(db);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    /** Ignored: Poolguard logs through SLF4J. */
    @Override
    public void setLogWriter(PrintWriter out) {
    }

    /** Ignored: the wait for a connection is the database's {@code connectionTimeout}. */
    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return (int) Math.max(1, engine.config().connectionTimeout().toSeconds());
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Poolguard logs through SLF4J");
    }

    @Override
    public String toString() {
        return "LeasedDataSource[" + db + "]";
    }
}
