package dev.poolguard.pooler;

import dev.poolguard.Database;
import dev.poolguard.DatabaseBuilder;
import dev.poolguard.event.EventType;
import dev.poolguard.status.Health;
import dev.poolguard.LogCapture;
import dev.poolguard.Pg;
import dev.poolguard.PoolguardException;
import dev.poolguard.QueryFailedException;
import dev.poolguard.RecordingReporter;
import dev.poolguard.embedded.PgBouncer;
import dev.poolguard.retry.RetryPolicy;
import dev.poolguard.embedded.SystemTool;
import dev.poolguard.embedded.junit.RequiresTool;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a real PgBouncer in transaction mode does to a service, and what Poolguard makes of it: restarts, PAUSE and
 * RESUME, the server restarted and its backends killed behind the pooler, the pooler's client cap and its
 * query_wait_timeout, and a statement outliving the socket timeout.
 */
@RequiresTool({SystemTool.PGBOUNCER, SystemTool.PSQL})
class PgBouncerFaultsTest {

    private static final Logger log = LoggerFactory.getLogger(PgBouncerFaultsTest.class);
    private static final int THREADS = 6;

    private static DatabaseBuilder through(PgBouncer bouncer, String name) {
        return Database.builder().url(bouncer.url()).poolName(name).applicationName(name).maxPoolSize(6).minIdle(0)
                .connectionTimeout(Duration.ofSeconds(10)).drainTimeout(Duration.ofSeconds(2));
    }

    private static void assertAppliedOnce(PoolerLoad load) {
        long[] applied = load.applied();
        assertThat(applied[0]).as("counter sum = successful transactions").isEqualTo(load.transactions.get());
        assertThat(applied[1]).as("log rows = successful transactions").isEqualTo(load.transactions.get());
    }

    @Test
    void aPoolerRestartUnderLoadIsRiddenOutWithNothingLostOrAppliedTwice() throws Exception {
        PoolerLoad.createTable("bouncer_restart", THREADS);
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).defaultPoolSize(3).start();
             Database db = through(bouncer, "bouncer_restart").build()) {
            PoolerLoad load = new PoolerLoad("bouncer_restart").start(db, THREADS);
            try {
                load.awaitProgress(200, Duration.ofSeconds(20));
                long before = load.ops();
                bouncer.stop(); // SIGTERM: every client connection closed, mid-statement ones included
                Thread.sleep(700);
                long restartedAt = System.nanoTime();
                bouncer.startAgain();
                load.awaitProgress(200, Duration.ofSeconds(20));
                long recoveryMs = (load.lastSuccessNanos.get() - restartedAt) / 1_000_000;
                log.info("BOUNCER_RESTART ops before={} after={} failures={} (first 200 ops after restart within {} ms)",
                        before, load.ops(), load.failures, recoveryMs);
            } finally {
                load.close();
            }
            assertThat(load.failures).as("failures by message").isEmpty();
            assertAppliedOnce(load);
            assertThat(db.diagnostics().status().route().transactionPooled()).isTrue();
        }
    }

    @Test
    void pauseAndResumeHoldCallsWithoutFailingThem() throws Exception {
        PoolerLoad.createTable("bouncer_pause", THREADS);
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).defaultPoolSize(3).start();
             Database db = through(bouncer, "bouncer_pause").build()) {
            PoolerLoad load = new PoolerLoad("bouncer_pause").start(db, THREADS);
            try {
                load.awaitProgress(100, Duration.ofSeconds(20));
                bouncer.admin("PAUSE");
                long paused = load.ops();
                Thread.sleep(800);
                long duringPause = load.ops() - paused;
                bouncer.admin("RESUME");
                load.awaitProgress(100, Duration.ofSeconds(20));
                log.info("BOUNCER_PAUSE ops during an 800 ms pause={} failures={}", duringPause, load.failures);
                assertThat(duringPause).as("PAUSE holds queries").isLessThan(THREADS * 2L);
            } finally {
                load.close();
            }
            assertThat(load.failures).as("failures by message").isEmpty();
            assertAppliedOnce(load);
        }
    }

    @Test
    void theServerRestartedAndItsBackendsKilledBehindThePoolerAreRiddenOut() throws Exception {
        PoolerLoad.createTable("bouncer_server", THREADS);
        RecordingReporter events = new RecordingReporter();
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).defaultPoolSize(3).start();
             Database db = through(bouncer, "bouncer_server").addReporter(events).build()) {
            PoolerLoad load = new PoolerLoad("bouncer_server").start(db, THREADS);
            int killed = 0;
            try {
                load.awaitProgress(200, Duration.ofSeconds(20));
                for (int i = 0; i < 4; i++) {
                    killed += Pg.server().terminateClientBackends(null);
                    load.awaitProgress(50, Duration.ofSeconds(20));
                }
                Pg.server().restart();
                load.awaitProgress(200, Duration.ofSeconds(30));
                log.info("BOUNCER_SERVER killed={} ops={} failures={} retries={}", killed, load.ops(), load.failures,
                        events.of(EventType.RETRY).size());
            } finally {
                load.close();
            }
            assertThat(killed).as("backends terminated behind the pooler").isPositive();
            assertThat(load.failures).as("failures by message").isEmpty();
            assertAppliedOnce(load);
            assertThat(events.of(EventType.RETRY)).as("the kills were retried").isNotEmpty();
        }
    }

    @Test
    void thePoolersClientCapLimitsThePoolWithoutFailingCallsAndHealthNamesThePooler() throws Exception {
        PoolerLoad.createTable("bouncer_cap", THREADS);
        RecordingReporter events = new RecordingReporter();
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).defaultPoolSize(3).maxClientConn(3).start();
             // minIdle past the cap: the pool keeps trying to grow into the pooler's refusals, whatever the timing.
             Database db = through(bouncer, "bouncer_cap").minIdle(6).addReporter(events).build()) {
            PoolerLoad load = new PoolerLoad("bouncer_cap").start(db, THREADS);
            try {
                load.awaitProgress(300, Duration.ofSeconds(30));
            } finally {
                load.close();
            }
            assertThat(load.failures).as("failures by message").isEmpty();
            assertAppliedOnce(load);
            assertThat(db.diagnostics().status().total()).as("the pool cannot grow past the pooler's cap").isLessThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.events().stream()
                    .anyMatch(e -> e.message().contains("max_client_conn") && e.message().contains("pooler client cap")));
            Health health = db.diagnostics().health();
            assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
            assertThat(health.reasons()).anySatisfy(r -> assertThat(r).startsWith("pooler saturated").contains("not Poolguard's pool"));
            assertThat(db.diagnostics().stats().poolerRefusals()).as("counted for metrics").isPositive();
        }
    }

    @Test
    void aQueryWaitTimeoutIsRetriedWhileThePoolerHasRoomSoon() throws Exception {
        RecordingReporter events = new RecordingReporter();
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).defaultPoolSize(1).queryWaitTimeout(1).start();
             Database db = through(bouncer, "bouncer_wait").addReporter(events).build();
             Database hog = through(bouncer, "bouncer_hog").build()) {
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1); // the pool holds a pooler connection
            // The pooler's one server connection is held for 2.5 s; a query waiting for it is closed after 1 s.
            CompletableFuture<?> holding = CompletableFuture.runAsync(() -> hog.transaction(tx -> tx.queryOne("select pg_sleep(2.5)", rs -> 1)));
            Thread.sleep(300);
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).as("the query never ran, so it was retried").contains(1);
            // the statement's wait is a retry; a new connection's login waits in the pooler too (a connect attempt)
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events.events()).filteredOn(e ->
                    e.type() == EventType.RETRY || e.type() == EventType.CONNECT_FAILED).anySatisfy(e -> assertThat(e.message())
                    .contains("query_wait_timeout").contains("pooler saturated")));
            holding.join();
        }
    }

    /**
     * PgBouncer makes even a new client's login wait for a server connection, so while the pooler is saturated neither
     * a query nor a new connection gets through: the caller's error must say the pooler is the bottleneck.
     */
    @Test
    void aQueryWaitTimeoutThatCannotBeRiddenOutFailsNamingThePoolerNotThePool() throws Exception {
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).defaultPoolSize(1).queryWaitTimeout(1).start();
             Database db = through(bouncer, "bouncer_wait2").connectionTimeout(Duration.ofSeconds(3))
                     .retry(RetryPolicy.builder().maxAttempts(2).build()).build();
             Database hog = through(bouncer, "bouncer_hog2").build()) {
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1); // the pool holds a pooler connection
            CompletableFuture<?> holding = CompletableFuture.runAsync(() -> hog.transaction(tx -> tx.queryOne("select pg_sleep(20) /* hog */", rs -> 1)));
            try {
                Thread.sleep(300);
                long start = System.nanoTime();
                assertThatThrownBy(() -> db.queryOne("select 1", rs -> rs.getInt(1)))
                        .isInstanceOf(PoolguardException.class)
                        .hasMessageContaining("pooler saturated")
                        .hasMessageContaining("query_wait_timeout")
                        .hasMessageContaining("not Poolguard's pool");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                Health health = db.diagnostics().health();
                assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
                assertThat(health.reasons()).anySatisfy(r -> assertThat(r).startsWith("pooler saturated"));
            } finally {
                Pg.server().execute("select pg_cancel_backend(pid) from pg_stat_activity where query like '%/* hog */%'"
                        + " and pid <> pg_backend_pid()");
                holding.handle((r, e) -> null).join();
            }
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> db.queryOne("select 1", rs -> rs.getInt(1)).orElseThrow() == 1);
        }
    }

    @Test
    void aStatementOutlivingTheSocketTimeoutIsCancelledThroughThePoolerAndNoBackendIsTerminated() throws Exception {
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).defaultPoolSize(2).start();
             Database db = through(bouncer, "bouncer_cancel").socketTimeout(Duration.ofSeconds(2)).build();
             var stranger = Pg.server().connect();
             LogCapture logs = new LogCapture()) {
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1);
            int strangerPid;
            try (var s = stranger.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                strangerPid = rs.getInt(1);
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> db.queryOne("select pg_sleep(30) /* cancel_me */", rs -> 1))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageContaining("57014");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // The right statement is gone from the server at once, not after its 30 s.
            try (var s = stranger.createStatement(); var rs = s.executeQuery(
                    "select count(*) from pg_stat_activity where query like '%cancel_me%' and state = 'active' and pid <> pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            try (var s = stranger.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the stranger's session is alive").isEqualTo(strangerPid);
            }
            assertThat(logs.text()).doesNotContain("terminated backend");
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1);
        }
    }
}
