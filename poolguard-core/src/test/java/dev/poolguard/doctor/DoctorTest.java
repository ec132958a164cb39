package dev.poolguard.doctor;

import dev.poolguard.Doctor;
import dev.poolguard.Database;
import dev.poolguard.event.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each finding planted on a real PostgreSQL, seen by the doctor, then fixed and gone. */
class DoctorTest {

    @BeforeAll
    static void tables() {
        DoctorServer.server();
        DoctorServer.execute("create table if not exists accounts (id int primary key, balance int not null)");
        DoctorServer.execute("insert into accounts values (1, 0), (2, 0) on conflict do nothing");
    }

    private static Database database(String application, int poolSize) {
        return Database.builder().url(DoctorServer.url()).applicationName(application).poolName(application)
                .maxPoolSize(poolSize).minIdle(0).connectionTimeout(Duration.ofSeconds(2))
                .drainTimeout(Duration.ofSeconds(2)).build();
    }

    private static DoctorOptions.Builder options() {
        return DoctorOptions.builder().holdThreshold(Duration.ZERO);
    }

    /** A Poolguard transaction that ran one statement and now sits idle in transaction until {@link #commit()}. */
    private static final class OpenTransaction {
        final String site;
        private final CompletableFuture<Boolean> done;
        private final CountDownLatch release;

        private OpenTransaction(String site, CompletableFuture<Boolean> done, CountDownLatch release) {
            this.site = site;
            this.done = done;
            this.release = release;
        }

        static OpenTransaction start(Database db, String sql) {
            int[] line = new int[1];
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> done = CompletableFuture.supplyAsync(() -> db.transaction(tx -> {
                line[0] = line(); tx.update(sql);
                return awaitRelease(release);
            }));
            DoctorServer.awaitSession("idle in transaction", "%" + sql.substring(sql.lastIndexOf(" and ")) + "%");
            return new OpenTransaction("dev.poolguard.doctor.DoctorTest$OpenTransaction.start(DoctorTest.java:" + line[0] + ")",
                    done, release);
        }

        private static boolean awaitRelease(CountDownLatch release) {
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void commit() throws Exception {
            release.countDown();
            assertThat(done.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static int line() {
        return StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    @Test
    void idleInTransactionNamesThePoolguardCallSiteEvenWhileThePoolIsExhausted() throws Exception {
        try (Database db = database("billing", 1)) {
            OpenTransaction holder = OpenTransaction.start(db, "update accounts set balance = balance where id = 1 and 'idle-marker' <> ''");
            assertThat(db.diagnostics().status().active()).as("the pool's only connection is held").isEqualTo(1);

            DoctorReport report = db.diagnostics().doctor(DoctorOptions.forConfig(db.config()).holdThreshold(Duration.ZERO).build());

            Finding idle = report.findings("holders.idle-in-transaction").stream()
                    .filter(f -> f.evidence().contains("'billing'")).findFirst().orElseThrow();
            assertThat(idle.subject()).isEqualTo(holder.site);
            assertThat(idle.title()).contains("idle in transaction", "opened at " + idle.subject());
            assertThat(idle.evidence()).contains("last statement: update accounts set balance = balance where id = ?");
            assertThat(idle.fix()).contains("db.transaction(", "idle_in_transaction_session_timeout", "pg_terminate_backend(");
            assertThat(report.sessions()).anySatisfy(s -> assertThat(s.callSite()).isEqualTo(idle.subject()));
            assertThat(report.exitStatus()).isEqualTo(1);

            holder.commit();
            DoctorReport after = db.diagnostics().doctor(DoctorOptions.forConfig(db.config()).holdThreshold(Duration.ZERO).build());
            assertThat(after.findings("holders.idle-in-transaction")).noneMatch(f -> f.evidence().contains("'billing'"));
        }
    }

    /** The incidents' numbers: 20 connections per instance, three instances, a 60-connection plan. */
    @Test
    void poolTimesInstancesOverMaxConnectionsIsAnError() {
        DoctorReport planted = Doctor.diagnose(DoctorServer.url(), options().poolSize(20).instances(3).build());

        Finding over = planted.findings("connections.over-budget").get(0);
        assertThat(over.severity()).isEqualTo(Severity.ERROR);
        assertThat(over.title()).isEqualTo("Pool size × instances (60) exceeds the server's 57 usable connections");
        assertThat(over.evidence()).contains("pool size 20 × 3 instances = 60 connections at full load",
                "max_connections 60 − 3 reserved = 57 usable");
        assertThat(planted.budget()).extracting(DoctorReport.Budget::maxConnections, DoctorReport.Budget::usable,
                DoctorReport.Budget::demand).containsExactly(60, 57, 60);
        assertThat(planted.sizing().recommendedPoolSize()).isLessThan(20).isGreaterThan(10);
        assertThat(planted.sizing().reasoning()).anySatisfy(l -> assertThat(l).contains("÷ 3 instances"));
        assertThat(planted.exitStatus()).isEqualTo(1);

        int recommended = planted.sizing().recommendedPoolSize();
        DoctorReport fixed = Doctor.diagnose(DoctorServer.url(), options().poolSize(recommended).instances(3).build());
        assertThat(fixed.findings("connections.over-budget")).isEmpty();
        assertThat(fixed.findings("connections.tight-budget")).isEmpty();
        assertThat(fixed.sizing().recommendedPoolSize()).isEqualTo(recommended);
    }

    @Test
    void noIdleInTransactionTimeoutIsAWarningUntilTheDatabaseSetsOne() {
        DoctorReport planted = Doctor.diagnose(DoctorServer.url(), options().build());
        Finding missing = planted.findings("timeouts.no-idle-in-transaction-timeout").get(0);
        assertThat(missing.severity()).isEqualTo(Severity.WARNING);
        assertThat(missing.evidence()).isEqualTo("idle_in_transaction_session_timeout = 0 (source: default)");
        assertThat(missing.fix()).startsWith("ALTER DATABASE doctor SET idle_in_transaction_session_timeout = '60s';");
        assertThat(planted.settings()).anySatisfy(s -> assertThat(s).isEqualTo(
                new DoctorReport.Setting("idle_in_transaction_session_timeout", "0 (off)", "default")));

        DoctorServer.execute("alter database doctor set idle_in_transaction_session_timeout = '60s'");
        try {
            DoctorReport fixed = Doctor.diagnose(DoctorServer.url(), options().build());
            assertThat(fixed.findings("timeouts.no-idle-in-transaction-timeout")).isEmpty();
            assertThat(fixed.settings()).anySatisfy(s -> assertThat(s).isEqualTo(
                    new DoctorReport.Setting("idle_in_transaction_session_timeout", "1 min", "database")));
        } finally {
            DoctorServer.execute("alter database doctor reset idle_in_transaction_session_timeout");
        }
    }

    @Test
    void aBlockedSessionNamesItsBlockerAndTheBlockersCallSite() throws Exception {
        try (Database db = database("ledger", 2)) {
            OpenTransaction blocker = OpenTransaction.start(db, "update accounts set balance = balance + 1 where id = 2 and 'blocker' <> ''");
            CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() ->
                    db.update("update accounts set balance = balance - 1 where id = 2 and 'waiter' <> ''"));
            await().atMost(Duration.ofSeconds(10)).until(() -> DoctorServer.queryLong("select count(*) from pg_stat_activity"
                    + " where wait_event_type = 'Lock' and query like '%''waiter''%'") == 1);

            DoctorReport planted = Doctor.diagnose(DoctorServer.url(), options().applicationName("ledger").build());

            Finding wait = planted.findings("holders.lock-wait").get(0);
            assertThat(wait.title()).startsWith("A session has waited ").contains("for a lock held by pid ",
                    "(opened at " + blocker.site + ")");
            assertThat(wait.evidence()).contains("waiting: pid ", "statement: update accounts set balance = balance - ? where id = ?",
                    "holding: pid ", "idle in transaction");
            assertThat(wait.fix()).contains("it is idle in transaction", "lock_timeout");
            Finding holder = planted.findings("holders.idle-in-transaction").stream()
                    .filter(f -> f.evidence().contains("'ledger'")).findFirst().orElseThrow();
            assertThat(holder.severity()).as("an idle transaction that blocks others").isEqualTo(Severity.ERROR);
            assertThat(holder.title()).endsWith(", blocking others");
            assertThat(planted.sessions()).anySatisfy(s -> assertThat(s.blockedBy()).isNotEmpty());

            blocker.commit();
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            DoctorReport fixed = Doctor.diagnose(DoctorServer.url(), options().applicationName("ledger").build());
            assertThat(fixed.findings("holders.lock-wait")).isEmpty();
        }
    }

    /** The incidents' call_sid lookup: found by the plan of the statement the application sends, gone with an index. */
    @Test
    void aLargeTableSearchedByAnUnindexedColumnIsNamedUntilTheIndexExists() {
        DoctorServer.execute("drop table if exists calls");
        DoctorServer.execute("create table calls (id bigserial primary key, call_sid text not null, status text not null)");
        DoctorServer.execute("insert into calls (call_sid, status) select 'CA' || md5(i::text), 'completed'"
                + " from generate_series(1, 100000) i");
        DoctorServer.execute("analyze calls");
        long before = DoctorServer.queryLong("select seq_scan from pg_stat_user_tables where relname = 'calls'");
        int[] line = new int[1];
        try (Database db = database("calls-service", 2)) {
            for (int i = 0; i < 12; i++) {
                line[0] = line(); db.queryOne("select id, status from calls where call_sid = ?", rs -> rs.getString(2), "CA" + i);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> DoctorServer.queryLong(
                    "select seq_scan from pg_stat_user_tables where relname = 'calls'") >= before + 12);

            DoctorReport planted = Doctor.diagnose(DoctorServer.url(), options().build());

            Finding search = planted.findings("queries.unindexed-search").get(0);
            assertThat(search.subject()).isEqualTo("calls.call_sid");
            assertThat(search.title()).isEqualTo("Table calls (100,000 rows) is searched by call_sid with no index:"
                    + " every lookup reads the whole table");
            assertThat(search.evidence()).contains("100,000 rows;", "sequential scans read",
                    "statement 'select id, status from calls where call_sid = ?'",
                    "at dev.poolguard.doctor.DoctorTest.aLargeTableSearchedByAnUnindexedColumnIsNamedUntilTheIndexExists(DoctorTest.java:" + line[0] + ")",
                    "plans a Seq Scan with Filter: (call_sid = $1)");
            assertThat(search.fix()).startsWith("CREATE INDEX CONCURRENTLY ON calls (call_sid);");
            assertThat(planted.tables()).anySatisfy(t -> {
                assertThat(t.table()).isEqualTo("calls");
                assertThat(t.unindexedColumns()).containsExactly("call_sid");
                assertThat(t.rows()).isEqualTo(100_000);
            });

            DoctorServer.execute("create index on calls (call_sid)");
            db.queryOne("select id, status from calls where call_sid = ?", rs -> rs.getString(2), "CA1");
            DoctorReport fixed = Doctor.diagnose(DoctorServer.url(), options().build());
            assertThat(fixed.findings("queries.unindexed-search")).isEmpty();
            assertThat(fixed.findings("queries.sequential-scans-before")).singleElement()
                    .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        } finally {
            DoctorServer.execute("drop table calls");
        }
    }

    /** The incidents' getAllCalls(): every row of a table returned to find one, seen in pg_stat_statements. */
    @Test
    void aStatementReturningManyRowsPerCallNamesItsCallSite() {
        DoctorServer.execute("drop table if exists events");
        DoctorServer.execute("create table events (id int primary key, kind text)");
        DoctorServer.execute("insert into events select i, 'k' from generate_series(1, 5000) i");
        DoctorServer.execute("select pg_stat_statements_reset()");
        int[] line = new int[1];
        try (Database db = database("events-service", 2)) {
            for (int i = 0; i < 3; i++) {
                line[0] = line(); db.rowBudget(10_000).query("select id, kind from events", rs -> rs.getInt(1));
            }
            DoctorReport planted = Doctor.diagnose(DoctorServer.url(), options().build());
            Finding many = planted.findings("queries.rows-per-call").get(0);
            assertThat(many.title()).isEqualTo("A statement returns 5,000 rows per call, sent from "
                    + "dev.poolguard.doctor.DoctorTest.aStatementReturningManyRowsPerCallNamesItsCallSite(DoctorTest.java:" + line[0] + ")");
            assertThat(many.evidence()).startsWith("'select id, kind from events': 3 calls returned 15,000 rows");

            DoctorServer.execute("select pg_stat_statements_reset()");
            db.queryOne("select id, kind from events where id = ?", rs -> rs.getInt(1), 7);
            assertThat(Doctor.diagnose(DoctorServer.url(), options().build()).findings("queries.rows-per-call")).isEmpty();
        } finally {
            DoctorServer.execute("drop table events");
        }
    }

    @Test
    void aDirectConnectionIsToldFromTheCancelKey() {
        DoctorReport report = Doctor.diagnose(DoctorServer.url(), options().build());
        assertThat(report.pooler().mode()).isEqualTo(DoctorReport.Mode.DIRECT);
        assertThat(report.pooler().name()).isNull();
        assertThat(report.pooler().evidence()).singleElement().asString()
                .startsWith("the probe: the driver and the server agree on backend pid ");
        assertThat(report.server().versionNumber()).isGreaterThanOrEqualTo(170000);
        assertThat(report.target()).isEqualTo(DoctorServer.url());
        assertThat(report.toText()).startsWith("Poolguard doctor · " + DoctorServer.url() + "\nPostgreSQL 17.")
                .contains("direct connection", "Settings in force (for role postgres in database doctor)");
    }

    @Test
    void theDoctorsOwnStatementsAreBoundedAndReadOnly() {
        DoctorReport report = Doctor.diagnose(DoctorServer.url(), options().statementTimeout(Duration.ofSeconds(2)).build());
        // Its own SET LOCAL does not leak into what it reports: the role's values are read before it.
        assertThat(report.settings()).anySatisfy(s -> assertThat(s).isEqualTo(
                new DoctorReport.Setting("statement_timeout", "0 (off)", "default")));
        assertThat(DoctorServer.queryLong("select count(*) from pg_stat_activity where application_name = 'poolguard doctor'"))
                .as("its connections are closed").isZero();
    }

    @Test
    void listsAreImmutableAndFindingsWorstFirst() {
        DoctorReport report = Doctor.diagnose(DoctorServer.url(), options().poolSize(30).instances(2).build());
        List<Finding> findings = report.findings();
        assertThat(findings).isSortedAccordingTo((a, b) -> b.severity().compareTo(a.severity()));
        assertThat(findings.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(report.worst()).isEqualTo(Severity.ERROR);
    }
}
