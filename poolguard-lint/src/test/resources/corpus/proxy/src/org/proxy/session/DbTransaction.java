package org.proxy.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Owns the connection it is given: commits and closes it in close(). */
public class DbTransaction implements AutoCloseable {

    private final Connection connection;

    public DbTransaction(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
    }

    public int update(String sql, String value) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, value);
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.commit();
        } finally {
            connection.close();
        }
    }
}
