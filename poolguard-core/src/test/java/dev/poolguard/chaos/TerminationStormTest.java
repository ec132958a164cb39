package dev.poolguard.chaos;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.poolguard.Database;
import dev.poolguard.event.EventType;
import dev.poolguard.Pg;
import dev.poolguard.RecordingReporter;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every client backend is terminated every 500 ms while 8 threads read and run increment transactions through a pool
 * of 4. Poolguard must lose nothing and apply nothing twice; raw HikariCP run the same way shows what it prevents.
 */
class TerminationStormTest {

    private static final Logger log = LoggerFactory.getLogger(TerminationStormTest.class);
    private static final int THREADS = 8;
    private static final Duration STORM = Duration.ofSeconds(4);

    /** What a storm run did. */
    record StormResult(long reads, long readFailures, long transactions, long transactionFailures, int killed) {
        @Override
        public String toString() {
            return "reads=" + reads + " readFailures=" + readFailures + " transactions=" + transactions
                    + " transactionFailures=" + transactionFailures + " backendsKilled=" + killed;
        }
    }

    interface Client {
        long read(int id) throws Exception;

        void increment(int id) throws Exception;
    }

    @Test
    void poolguardRidesOutATerminationStormWithNothingLostOrAppliedTwice() throws Exception {
        RecordingReporter events = new RecordingReporter();
        setUp("storm_pg");
        try (Database db = Pg.builder().applicationName("storm_pg").maxPoolSize(4).addReporter(events).build()) {
            StormResult result = storm("storm_pg", new Client() {
                @Override
                public long read(int id) {
                    return db.queryOne("select n from storm_pg where id = ?", rs -> rs.getLong(1), id).orElseThrow();
                }

                @Override
                public void increment(int id) {
                    db.transaction(tx -> {
                        tx.update("update storm_pg set n = n + 1 where id = ?", id);
                        return tx.update("insert into storm_pg_log (thread_id) values (?)", id);
                    });
                }
            });
            log.info("STORM poolguard {}", result);
            assertThat(result.killed()).as("the storm killed backends").isGreaterThan(10);
            assertThat(result.readFailures()).isZero();
            assertThat(result.transactionFailures()).isZero();
            long applied = db.queryOne("select sum(n) from storm_pg", rs -> rs.getLong(1)).orElseThrow();
            long logged = db.queryOne("select count(*) from storm_pg_log", rs -> rs.getLong(1)).orElseThrow();
            assertThat(applied).as("every increment applied exactly once").isEqualTo(result.transactions()).isEqualTo(logged);
            assertThat(events.of(EventType.RETRY)).as("the storm forced retries").isNotEmpty();
            assertThat(events.of(EventType.RETRIES_EXHAUSTED)).isEmpty();
            assertThat(db.diagnostics().status().active()).isZero();
        }
    }

    @Test
    void rawHikariRunTheSameWayFailsCalls() throws Exception {
        setUp("storm_raw");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Pg.server().jdbcUrl());
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(2000);
        config.addDataSourceProperty("ApplicationName", "storm_raw");
        try (HikariDataSource ds = new HikariDataSource(config)) {
            StormResult result = storm("storm_raw", new Client() {
                @Override
                public long read(int id) throws SQLException {
                    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select n from storm_raw where id = ?")) {
                        ps.setInt(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                }

                @Override
                public void increment(int id) throws SQLException {
                    try (Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        try (PreparedStatement a = c.prepareStatement("update storm_raw set n = n + 1 where id = ?");
                             PreparedStatement b = c.prepareStatement("insert into storm_raw_log (thread_id) values (?)")) {
                            a.setInt(1, id);
                            a.executeUpdate();
                            b.setInt(1, id);
                            b.executeUpdate();
                            c.commit();
                        } catch (SQLException e) {
                            c.rollback();
                            throw e;
                        }
                    }
                }
            });
            log.info("STORM raw-hikari {}", result);
            assertThat(result.killed()).isGreaterThan(10);
            assertThat(result.readFailures() + result.transactionFailures()).as("the storm bites a pool without retries").isPositive();
        }
    }

    private static void setUp(String table) {
        Pg.server().execute("drop table if exists " + table + ", " + table + "_log");
        Pg.server().execute("create table " + table + " (id int primary key, n bigint not null)");
        Pg.server().execute("create table " + table + "_log (id bigserial primary key, thread_id int not null)");
        Pg.server().execute("insert into " + table + " select g, 0 from generate_series(0, " + (THREADS - 1) + ") g");
    }

    static StormResult storm(String applicationName, Client client) throws InterruptedException {
        LongAdder reads = new LongAdder();
        LongAdder readFailures = new LongAdder();
        LongAdder transactions = new LongAdder();
        LongAdder transactionFailures = new LongAdder();
        AtomicInteger killed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    if (i++ % 2 == 0) {
                        try {
                            client.read(id);
                            reads.increment();
                        } catch (Exception e) {
                            readFailures.increment();
                        }
                    } else {
                        try {
                            client.increment(id);
                            transactions.increment();
                        } catch (Exception e) {
                            transactionFailures.increment();
                        }
                    }
                }
            }, "storm-" + t);
            workers.add(worker);
            worker.start();
        }
        long end = System.nanoTime() + STORM.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(500);
            killed.addAndGet(Pg.server().terminateClientBackends(applicationName));
        }
        stop.set(true);
        for (Thread w : workers) {
            w.join(30_000);
        }
        return new StormResult(reads.sum(), readFailures.sum(), transactions.sum(), transactionFailures.sum(), killed.get());
    }
}
