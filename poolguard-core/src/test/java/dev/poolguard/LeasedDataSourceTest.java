package dev.poolguard;

import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventType;
import dev.poolguard.guard.UnitOfWork;
import dev.poolguard.testdao.OrdersDao;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LeasedDataSourceTest {

    private static final String HERE = "dev.poolguard.LeasedDataSourceTest.";

    @Test
    void everyConnectionIsALeaseNamedAfterItsCallSiteUntilClosed() throws Exception {
        try (Database db = Pg.builder().build()) {
            LeasedDataSource ds = db.dataSource();
            try (Connection c = ds.getConnection()) {
                assertThat(one(c, "select 41 + 1")).isEqualTo(42);
                assertThat(db.diagnostics().leases()).singleElement().satisfies(l -> {
                    assertThat(l.callSite()).startsWith(HERE + "everyConnectionIsALeaseNamedAfterItsCallSiteUntilClosed(LeasedDataSourceTest.java:");
                    assertThat(l.sql()).isEqualTo("select ? + ?");
                });
                assertThat(db.diagnostics().status().active()).isEqualTo(1);
            }
            assertThat(db.diagnostics().leases()).isEmpty();
            assertThat(db.diagnostics().status().active()).isZero();
            assertThat(ds.unwrap(Database.class)).isSameAs(db);
        }
    }

    @Test
    void aResultSetsStatementIsTheFencedStatementThatMadeIt() throws Exception {
        try (Database db = Pg.builder().build(); Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select ?::int", Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, 5);
            try (ResultSet rs = ps.executeQuery()) {
                // Hibernate casts it back when it reads generated keys, and releases statements by identity.
                assertThat(rs.getStatement()).isSameAs(ps);
                assertThat(rs.getStatement().getConnection()).isSameAs(c);
            }
        }
    }

    @Test
    void aConnectionUsedAfterCloseThrowsNamingWhereItWasBorrowed() throws Exception {
        try (Database db = Pg.builder().build()) {
            Connection c = db.dataSource().getConnection();
            PreparedStatement ps = c.prepareStatement("select 1");
            c.close();
            c.close(); // twice is harmless
            assertThat(c.isClosed()).isTrue();
            assertThatThrownBy(c::createStatement).isInstanceOf(ConnectionReleasedException.class)
                    .hasMessageContaining("connection used after close()")
                    .hasMessageContaining("borrowed at " + HERE + "aConnectionUsedAfterCloseThrowsNamingWhereItWasBorrowed(");
            assertThatThrownBy(ps::executeQuery).isInstanceOf(ConnectionReleasedException.class);
            assertThat(db.diagnostics().status().active()).isZero();
        }
    }

    @Test
    void framesOfDataAccessPackagesAreNotCallSites() throws Exception {
        try (Database db = Pg.builder().dataAccessPackages("dev.poolguard.testdao").build()) {
            try (Connection c = new OrdersDao(db.dataSource()).open()) {
                assertThat(db.diagnostics().leases()).singleElement().satisfies(l -> assertThat(l.callSite())
                        .startsWith(HERE + "framesOfDataAccessPackagesAreNotCallSites(LeasedDataSourceTest.java:"));
            }
        }
        assertThatThrownBy(() -> Database.builder().dataAccessPackages("com.acme..dao"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("dataAccessPackages").hasMessageContaining("'com.acme..dao' is not a package name");
    }

    @Test
    void anIntegrationNamesTheLeasesOfAThread() throws Exception {
        try (Database db = Pg.builder().build()) {
            LeasedDataSource ds = db.dataSource();
            try (LeasedDataSource.Naming outer = ds.nameBorrows("com.acme.Orders.place")) {
                try (Connection c = ds.getConnection()) {
                    assertThat(db.diagnostics().leases()).singleElement().satisfies(l -> assertThat(l.callSite()).isEqualTo("com.acme.Orders.place"));
                }
            }
            try (Connection c = ds.getConnection()) {
                assertThat(db.diagnostics().leases()).singleElement().satisfies(l -> assertThat(l.callSite()).startsWith(HERE));
            }
        }
    }

    @Test
    void anExhaustedPoolsErrorIsAnSqlExceptionNamingTheHolders() throws Exception {
        RecordingReporter events = new RecordingReporter();
        try (Database db = Pg.builder().maxPoolSize(1).connectionTimeout(Duration.ofMillis(300)).addReporter(events).build()) {
            LeasedDataSource ds = db.dataSource();
            try (Connection held = holder(ds)) {
                assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("getConnection got no connection in")
                        .hasMessageContaining("pool exhausted (total=1 active=1")
                        .hasMessageContaining("holders: " + HERE + "holder(LeasedDataSourceTest.java:")
                        .hasCauseInstanceOf(ConnectionUnavailableException.class);
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.POOL_EXHAUSTED).size() == 1);
        }
    }

    private static Connection holder(LeasedDataSource ds) throws SQLException {
        return ds.getConnection();
    }

    @Test
    void aLeakedConnectionIsReportedWithItsCallSiteAndReclaimed() throws Exception {
        RecordingReporter events = new RecordingReporter();
        try (Database db = Pg.builder().maxPoolSize(1).leakThreshold(Duration.ofMillis(200)).reclaimAfter(Duration.ofSeconds(1))
                .heldIdleThreshold(Duration.ZERO).addReporter(events).build()) {
            Connection leaked = db.dataSource().getConnection();
            assertThat(one(leaked, "select 1")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.of(EventType.LEAK).size() == 1);
            assertThat(events.of(EventType.LEAK).get(0).context().callSite())
                    .startsWith(HERE + "aLeakedConnectionIsReportedWithItsCallSiteAndReclaimed(LeasedDataSourceTest.java:");
            await().atMost(Duration.ofSeconds(5)).until(() -> events.of(EventType.LEASE_REVOKED).size() == 1);
            assertThatThrownBy(leaked::createStatement).isInstanceOf(LeaseRevokedException.class)
                    .hasMessageContaining("borrowed at " + HERE + "aLeakedConnectionIsReportedWithItsCallSiteAndReclaimed(");
            leaked.close(); // harmless after a revoke
            try (Connection c = db.dataSource().getConnection()) { // the capacity came back
                assertThat(one(c, "select 2")).isEqualTo(2);
            }
            assertThat(db.diagnostics().leakSites()).singleElement().satisfies(s -> assertThat(s.revoked()).isEqualTo(1));
        }
    }

    @Test
    void aFailedStatementReachesTheCallerAndIsReportedClassified() throws Exception {
        RecordingReporter events = new RecordingReporter();
        try (Database db = Pg.builder().addReporter(events).build(); Connection c = db.dataSource().getConnection()) {
            assertThatThrownBy(() -> c.createStatement().executeQuery("select * from no_such_table"))
                    .isInstanceOf(SQLException.class).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.QUERY_ERROR).size() == 1);
            DiagnosticEvent e = events.of(EventType.QUERY_ERROR).get(0);
            assertThat(e.message()).contains("statement on a DataSource connection failed").contains("42P01")
                    .contains("not retried").contains("borrowed at " + HERE);
            assertThat(e.context().callSite()).startsWith(HERE + "aFailedStatementReachesTheCallerAndIsReportedClassified(");
            assertThat(e.tags()).containsEntry("sqlstate", "42P01");
        }
    }

    @Test
    void theQueryGuardCountsDataSourceStatementsInTheThreadsUnitOfWork() throws Exception {
        RecordingReporter events = new RecordingReporter();
        try (Database db = Pg.builder().addReporter(events).build()) {
            LeasedDataSource ds = db.dataSource();
            try (UnitOfWork ignored = db.unitOfWork("GET /orders")) {
                for (int id = 0; id < 12; id++) {
                    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select ?::int as id")) {
                        ps.setInt(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                        }
                    }
                }
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select g from generate_series(1, 1500) g")) {
                while (rs.next()) {
                    // read everything, as code that filters in memory does
                }
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.N_PLUS_ONE).size() == 1
                    && events.of(EventType.UNBOUNDED_RESULT).size() == 1);
            assertThat(events.of(EventType.N_PLUS_ONE).get(0).message()).contains("in one GET /orders")
                    .contains("at " + HERE + "theQueryGuardCountsDataSourceStatementsInTheThreadsUnitOfWork(");
            assertThat(events.of(EventType.UNBOUNDED_RESULT).get(0).message()).contains("read 1500 rows");
        }
    }

    @Test
    void pgStatActivityShowsTheCallSite() throws Exception {
        try (Database db = Pg.builder().applicationName("ds-activity").build();
             Connection watched = db.dataSource().getConnection(); Connection observer = db.dataSource().getConnection()) {
            int pid;
            try (Statement s = watched.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid() + 0")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (PreparedStatement ps = observer.prepareStatement("select query from pg_stat_activity where pid = ?")) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).startsWith("/* poolguard app=ds-activity at=" + HERE + "pgStatActivityShowsTheCallSite(")
                            .endsWith("select pg_backend_pid() + 0");
                }
            }
        }
    }

    @Test
    void closeWaitsForHeldConnectionsThenRefusesNewOnes() throws Exception {
        Database db = Pg.builder().drainTimeout(Duration.ofSeconds(5)).build();
        LeasedDataSource ds = db.dataSource();
        CountDownLatch borrowed = new CountDownLatch(1);
        CompletableFuture<Integer> holder = CompletableFuture.supplyAsync(() -> {
            try (Connection c = ds.getConnection()) {
                borrowed.countDown();
                Thread.sleep(300);
                return one(c, "select 7");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(borrowed.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        db.close();
        assertThat(holder.getNow(null)).isEqualTo(7); // finished before close() returned
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessageContaining("database is closed");
    }

    @Test
    void aStaleConnectionIsReplacedBeforeFirstUseAfterTerminationsWereSeen() throws Exception {
        RecordingReporter events = new RecordingReporter();
        try (Database db = Pg.builder().applicationName("ds-stale").maxPoolSize(2).minIdle(2).addReporter(events).build()) {
            LeasedDataSource ds = db.dataSource();
            try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
                one(a, "select 1");
                one(b, "select 1");
            }
            // Within HikariCP's 500 ms in which it lends a just-used connection unchecked: both backends die.
            assertThat(PgTerminate.application("ds-stale")).isEqualTo(2);
            try (Connection first = ds.getConnection()) {
                assertThatThrownBy(() -> one(first, "select 1")).isInstanceOf(SQLException.class);
            }
            try (Connection second = ds.getConnection()) {
                assertThat(one(second, "select 2")).isEqualTo(2);
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.STALE_CONNECTION).size() == 1);
            assertThat(events.of(EventType.STALE_CONNECTION).get(0).message()).contains("replaced it before first use");
            assertThat(db.diagnostics().stats().staleConnectionsReplaced()).isEqualTo(1);
            assertThat(events.of(EventType.CONNECTION_ERROR)).singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("statement on a DataSource connection failed"));
        }
    }

    private static int one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
