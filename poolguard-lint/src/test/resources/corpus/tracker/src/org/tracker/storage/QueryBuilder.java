package org.tracker.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Builds statements on a session's connection: the session owns it, the builder must not close it. */
public final class QueryBuilder {

    private final JdbcSession session;
    private final Connection connection;

    public QueryBuilder(JdbcSession session) {
        this.session = session;
        this.connection = session.getConnection(); // ok: a cached connection, the session's
    }

    public PreparedStatement prepare(String sql) throws SQLException {
        return session.getConnection().prepareStatement(sql); // ok: an accessor
    }

    public int executeUpdate(String sql) throws SQLException {
        Connection c = getConnection(); // ok: this class's accessor
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return ps.executeUpdate();
        }
    }

    private Connection getConnection() {
        return connection;
    }
}
