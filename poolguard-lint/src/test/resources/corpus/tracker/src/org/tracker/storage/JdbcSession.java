package org.tracker.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Holds one connection for a unit of work; callers use it in try-with-resources and close() gives it back. */
public class JdbcSession implements AutoCloseable {

    private final Connection connection;

    public JdbcSession(DataSource dataSource) throws SQLException {
        this.connection = dataSource.getConnection(); // ok: close() closes it
        this.connection.setAutoCommit(false);
    }

    /** The session's connection; not the caller's to close. */
    public Connection getConnection() {
        return connection;
    }

    public void commit() throws SQLException {
        getConnection().commit(); // ok: an accessor
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
