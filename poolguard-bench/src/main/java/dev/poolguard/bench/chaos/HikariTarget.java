package dev.poolguard.bench.chaos;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Raw HikariCP with try-with-resources, no retries; background work on a plain fixed thread pool. */
final class HikariTarget implements Target {

    private final HikariDataSource ds;
    private final String label;
    private final ExecutorService background;

    HikariTarget(HikariDataSource ds, String label, int backgroundThreads) {
        this.ds = ds;
        this.label = label;
        this.background = Executors.newFixedThreadPool(backgroundThreads, r -> {
            Thread t = new Thread(r, "raw-hikari-background");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public long read(int id) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(Chaos.READ)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("account " + id + " is missing");
                }
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void write(int id, String run) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement increment = c.prepareStatement(Chaos.INCREMENT);
                 PreparedStatement log = c.prepareStatement(Chaos.LOG)) {
                increment.setInt(1, id);
                increment.executeUpdate();
                log.setString(1, run);
                log.setInt(2, id);
                log.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    @Override
    public void report(CountDownLatch partner, Duration atMost) throws SQLException {
        SlowReport.generate(ds, partner, atMost);
    }

    @Override
    public CompletableFuture<?> background(Duration hold) {
        String sleep = Chaos.sleepSql(hold);
        return CompletableFuture.runAsync(() -> {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sleep)) {
                ps.execute();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, background);
    }

    @Override
    public void close() {
        background.shutdownNow();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ds.close();
    }
}
