package dev.poolguard.bench.chaos;

import dev.poolguard.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The code path that exhausts the pool in the exhaustion scenario: a report that reads inside a transaction and then
 * calls a slow partner before committing, holding its connection the whole time. A diagnosis "names the holder" when
 * it says {@value #NAME}.
 */
final class SlowReport {

    static final String NAME = "SlowReport.generate";
    private static final String READ = "select count(*) from bench_accounts";

    private SlowReport() {
    }

    static void generate(Database db, CountDownLatch partner, Duration atMost) {
        db.transaction(tx -> {
            tx.queryOne(READ, rs -> rs.getLong(1));
            callPartner(partner, atMost);
            return null;
        });
    }

    static void generate(DataSource ds, CountDownLatch partner, Duration atMost) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(READ)) {
                ps.executeQuery().close();
            }
            callPartner(partner, atMost);
            c.commit();
        }
    }

    private static void callPartner(CountDownLatch partner, Duration atMost) {
        try {
            partner.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
