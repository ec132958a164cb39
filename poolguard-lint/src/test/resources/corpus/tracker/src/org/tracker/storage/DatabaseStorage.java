package org.tracker.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The storage layer: an owner of raw JDBC; every borrow closed by try-with-resources. */
public class DatabaseStorage {

    private final DataSource dataSource;

    public DatabaseStorage(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Long> deviceIds(long userId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); // ok: closed, in an owner
             PreparedStatement statement = connection.prepareStatement("SELECT deviceid FROM tc_user_device WHERE userid = ?")) {
            statement.setLong(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    public boolean ping() throws SQLException {
        return dataSource.getConnection().isValid(2); // expect: connection-leak
    }

    public String product() throws SQLException {
        try (var connection = dataSource.getConnection()) { // ok: closed, in an owner
            return connection.getMetaData().getDatabaseProductName();
        }
    }

    public JdbcSession openSession() throws SQLException {
        return new JdbcSession(dataSource); // the caller closes the session
    }
}
