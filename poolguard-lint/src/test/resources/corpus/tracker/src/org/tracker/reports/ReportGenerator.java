package org.tracker.reports;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;

/** Reports read positions directly, outside the storage layer. */
public class ReportGenerator {

    private final DataSource dataSource;
    private final ExecutorService executor;
    private Connection reportConnection;

    public ReportGenerator(DataSource dataSource, ExecutorService executor) {
        this.dataSource = dataSource;
        this.executor = executor;
    }

    public long countPositions(long deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection(); // expect: pool-bypass
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tc_positions WHERE deviceid = ?")) {
            ps.setLong(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public void openForSummary() throws SQLException {
        reportConnection = dataSource.getConnection(); // expect: connection-leak, pool-bypass
    }

    public void generateLater(long deviceId) {
        executor.execute(() -> render(deviceId)); // ok: the default uncaught-exception handler logs it
        executor.submit(() -> render(deviceId)); // expect: fire-and-forget
    }

    private void render(long deviceId) {
        try {
            countPositions(deviceId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
