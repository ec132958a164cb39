package dev.poolguard;

import dev.poolguard.event.EventType;
import dev.poolguard.event.Severity;
import dev.poolguard.classify.ErrorKind;
import dev.poolguard.retry.RetryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Where a failure happened decides what is retried (docs/failures.md, "What is retried, and why"), proven against real PostgreSQL. */
class RetryBehaviourTest {

    static final RecordingReporter events = new RecordingReporter();
    static Database db;

    @BeforeAll
    static void open() {
        db = Pg.builder().applicationName("retry-test").addReporter(events)
                .retry(RetryPolicy.builder().maxAttempts(3).build()).build();
        db.update("create table if not exists counters (id int primary key, n int not null)");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void reset() {
        db.update("delete from counters");
        db.update("insert into counters values (1, 0)");
        db.config(); // settle
        events.clear();
    }

    private static int backendPid(Database d) {
        return d.queryOne("select pg_backend_pid()", rs -> rs.getInt(1)).orElseThrow();
    }

    @Test
    void staleConnectionIsReplacedInvisibly() {
        try (Database one = Pg.builder().maxPoolSize(1).addReporter(events).build()) {
            int pid = backendPid(one);
            PgTerminate.backend(pid);
            // The pooled connection is dead; the next read finds out on its first statement and runs again.
            assertThat(one.queryOne("select 42", rs -> rs.getInt(1))).contains(42);
            assertThat(backendPid(one)).isNotEqualTo(pid);
            // One documented count per kind of event: a replaced stale connection is not a retry. Events are counted as
            // they are emitted, on the calling thread: right after the call these are complete, no wait needed.
            assertThat(one.diagnostics().stats().staleConnectionsReplaced()).isEqualTo(1);
            assertThat(one.diagnostics().stats().retries()).isZero();
            assertThat(one.diagnostics().stats().events()).containsEntry(EventType.STALE_CONNECTION, 1L)
                    .containsEntry(EventType.CONNECTION_ERROR, 0L).containsEntry(EventType.RETRY, 0L);
        }
    }

    @Test
    void transactionRerunsTheWholeCallbackAfterItsBackendIsTerminated() {
        AtomicInteger runs = new AtomicInteger();
        int result = db.transaction(tx -> {
            int run = runs.incrementAndGet();
            tx.update("update counters set n = n + 1 where id = 1");
            if (run == 1) {
                PgTerminate.backend(tx.queryOne("select pg_backend_pid()", rs -> rs.getInt(1)).orElseThrow());
            }
            return tx.queryOne("select n from counters where id = 1", rs -> rs.getInt(1)).orElseThrow();
        });
        assertThat(runs.get()).isEqualTo(2);
        assertThat(result).isEqualTo(1);
        assertThat(db.queryOne("select n from counters where id = 1", rs -> rs.getInt(1))).contains(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events.of(EventType.RETRY)).anySatisfy(e -> {
            assertThat(e.tags()).containsEntry("error_type", "connection_lost").containsEntry("connection_terminated", "true");
            assertThat(e.context().callSite()).startsWith("dev.poolguard.RetryBehaviourTest.transactionRerunsTheWholeCallbackAfterItsBackendIsTerminated(");
            assertThat(e.context().attempt()).isEqualTo(1);
        }));
    }

    @Test
    void updateWithUnknownOutcomeIsNotRetriedUnlessIdempotent() {
        try (Database slow = Pg.builder().socketTimeout(Duration.ofSeconds(1)).addReporter(events)
                .retry(RetryPolicy.builder().maxAttempts(2).build()).build()) {
            assertThatThrownBy(() -> slow.update("update counters set n = n + 1 where id = 1 and pg_sleep(1.5) is not null"))
                    .isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("update lost its connection")
                    .hasMessageContaining("outcome is unknown")
                    .hasMessageContaining("not retried: an update outside a transaction may already have been applied")
                    .hasMessageContaining("db.idempotent()")
                    .satisfies(e -> assertThat(((ConnectionLostException) e).attempts()).isEqualTo(1));
            assertThatThrownBy(() -> slow.idempotent().update("update counters set n = 5 where id = 1 and pg_sleep(1.5) is not null"))
                    .isInstanceOf(RetriesExhaustedException.class)
                    .hasMessageContaining("update failed after 2 attempts")
                    .satisfies(e -> {
                        RetriesExhaustedException r = (RetriesExhaustedException) e;
                        assertThat(r.attempts()).isEqualTo(2);
                        assertThat(r.classification().kind()).isEqualTo(ErrorKind.CONNECTION_LOST);
                        assertThat(r.getCause()).isNotNull();
                    });
        }
    }

    @Test
    void retriesRunOutWithTheClassificationAttemptsAndCause() {
        long exhaustedBefore = db.diagnostics().stats().events().get(EventType.RETRIES_EXHAUSTED);
        assertThatThrownBy(() -> db.query("select pg_terminate_backend(pg_backend_pid())", rs -> rs.getBoolean(1)))
                .isInstanceOf(RetriesExhaustedException.class)
                .hasMessageContaining("query failed after 3 attempts")
                .hasMessageContaining("retries exhausted (maxAttempts 3)")
                .satisfies(e -> {
                    RetriesExhaustedException r = (RetriesExhaustedException) e;
                    assertThat(r.attempts()).isEqualTo(3);
                    assertThat(r.classification().kind()).isEqualTo(ErrorKind.CONNECTION_LOST);
                    assertThat(r.sqlState()).isEqualTo("57P01");
                });
        assertThat(db.diagnostics().stats().events().get(EventType.RETRIES_EXHAUSTED) - exhaustedBefore).as("counted as emitted").isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events.of(EventType.RETRIES_EXHAUSTED)).hasSize(1)
                .allSatisfy(e -> assertThat(e.severity()).isEqualTo(Severity.ERROR)));
        assertThat(db.diagnostics().status().active()).isZero();
    }

    @Test
    void theBudgetStopsARetryStorm() {
        try (Database tight = Pg.builder().addReporter(events)
                .retry(RetryPolicy.builder().maxAttempts(5).budget(0, 0, 1).build()).build()) {
            assertThatThrownBy(() -> tight.query("select pg_terminate_backend(pg_backend_pid())", rs -> rs.getBoolean(1)))
                    .isInstanceOf(RetriesExhaustedException.class)
                    .hasMessageContaining("query failed after 2 attempts")
                    .hasMessageContaining("retry budget spent");
        }
    }

    @Test
    void dataAndConfigurationErrorsAreNeverRetried() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> db.transaction(tx -> {
            runs.incrementAndGet();
            return tx.update("insert into counters values (1, 1)");
        })).isInstanceOf(QueryFailedException.class).hasMessageContaining("23505");
        assertThat(runs.get()).isEqualTo(1);
        try (Database wrongDb = Database.builder().url(Pg.server().url().replaceFirst("/postgres$", "/no_such_db"))
                .minIdle(0).connectionTimeout(Duration.ofMillis(600)).addReporter(events).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> wrongDb.query("select 1", rs -> 1))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("3D000")
                    .hasMessageContaining("check the database name")
                    .satisfies(e -> assertThat(((PoolguardException) e).classification().kind()).isEqualTo(ErrorKind.CONFIGURATION));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            // once the connector knows the configuration is wrong, later calls fail at once instead of waiting
            long again = System.nanoTime();
            assertThatThrownBy(() -> wrongDb.query("select 1", rs -> 1)).hasMessageContaining("3D000");
            assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(300));
        }
    }

    @Test
    void serializationFailuresRerunTheTransaction() throws Exception {
        CountDownLatch bothRead = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        Runnable increment = () -> db.transaction(tx -> {
            runs.incrementAndGet();
            tx.update("set transaction isolation level serializable");
            int n = tx.queryOne("select n from counters where id = 1", rs -> rs.getInt(1)).orElseThrow();
            bothRead.countDown();
            try {
                bothRead.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return tx.update("update counters set n = ? where id = 1", n + 1);
        });
        CompletableFuture<Void> a = CompletableFuture.runAsync(increment);
        CompletableFuture<Void> b = CompletableFuture.runAsync(increment);
        a.get(20, TimeUnit.SECONDS);
        b.get(20, TimeUnit.SECONDS);
        assertThat(db.queryOne("select n from counters where id = 1", rs -> rs.getInt(1))).contains(2);
        assertThat(runs.get()).isGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events.of(EventType.RETRY))
                .anySatisfy(e -> assertThat(e.tags()).containsEntry("error_type", "serialization_failure")));
    }

    @Test
    void aCommitCutOffByATerminatedBackendIsResolvedWithTxidStatus() {
        db.update("create or replace function slow_commit() returns trigger language plpgsql as $$ begin perform pg_sleep(1); return null; end $$");
        db.update("drop trigger if exists slow_commit on counters");
        db.update("create constraint trigger slow_commit after update on counters deferrable initially deferred"
                + " for each row execute function slow_commit()");
        try {
            AtomicInteger runs = new AtomicInteger();
            int result = db.transaction(tx -> {
                int run = runs.incrementAndGet();
                int pid = tx.queryOne("select pg_backend_pid()", rs -> rs.getInt(1)).orElseThrow();
                tx.update("update counters set n = n + 1 where id = 1");
                if (run == 1) {
                    // terminate while COMMIT runs the deferred trigger: the server aborts it, txid_status says so
                    CompletableFuture.runAsync(() -> {
                        await().atMost(Duration.ofSeconds(10)).until(() -> runningCommit(pid));
                        PgTerminate.backend(pid);
                    });
                }
                return run;
            });
            assertThat(result).isEqualTo(2);
            assertThat(db.queryOne("select n from counters where id = 1", rs -> rs.getInt(1))).contains(1);
        } finally {
            db.update("drop trigger if exists slow_commit on counters");
        }
    }

    /** Whether backend {@code pid} is running its COMMIT (the deferred trigger's sleep). */
    static boolean runningCommit(int pid) throws java.sql.SQLException {
        try (var c = Pg.server().connect(); var ps = c.prepareStatement("select query, state from pg_stat_activity where pid = ?")) {
            ps.setInt(1, pid);
            try (var rs = ps.executeQuery()) {
                return rs.next() && "active".equals(rs.getString(2)) && rs.getString(1).toLowerCase(java.util.Locale.ROOT).contains("commit");
            }
        }
    }
}
