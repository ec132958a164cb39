package dev.poolguard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a caller is told when the connection dies during COMMIT, and that nothing can make Poolguard claim a commit it
 * did not verify: transactions whose COMMIT runs a slow deferred trigger are cut off by terminating their backend
 * while the server is in COMMIT (the server then rolls them back), or are held past {@code reclaimAfter} mid-COMMIT.
 */
class CommitSafetyTest {

    static Database setup;

    @BeforeAll
    static void createTable() {
        setup = Pg.builder().applicationName("commit_safety_setup").build();
        setup.update("create table if not exists commit_safety (run int not null)");
        setup.update("create or replace function commit_safety_slow() returns trigger language plpgsql as"
                + " $$ begin perform pg_sleep(2); return null; end $$");
        setup.update("drop trigger if exists commit_safety_slow on commit_safety");
        // Runs at COMMIT: the window in which the connection is cut.
        setup.update("create constraint trigger commit_safety_slow after insert on commit_safety deferrable initially"
                + " deferred for each row execute function commit_safety_slow()");
    }

    @AfterAll
    static void dropTable() {
        setup.update("drop table if exists commit_safety");
        setup.close();
    }

    @BeforeEach
    void clean() {
        setup.update("delete from commit_safety");
    }

    private static List<Integer> runsStored() {
        return setup.query("select run from commit_safety order by run", rs -> rs.getInt(1));
    }

    /** Terminates the backend of {@code applicationName} once the server is running its COMMIT. */
    private static CompletableFuture<Void> terminateDuringCommit(String applicationName) {
        return CompletableFuture.runAsync(() -> await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> setup.queryOne("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                                + " where application_name = ? and state = 'active' and upper(trim(query)) = 'COMMIT'",
                        rs -> rs.getLong(1), applicationName).orElseThrow() > 0));
    }

    @Test
    void aCommitCutOffWithVerifyCommitsOffIsAnUnknownOutcomeNotASuccess() {
        try (Database db = Pg.builder().applicationName("commit_unverified").verifyCommits(false).build()) {
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> db.transaction(tx -> {
                int run = runs.incrementAndGet();
                tx.update("insert into commit_safety (run) values (?)", run);
                terminateDuringCommit("commit_unverified");
                return run;
            })).isInstanceOf(CommitOutcomeUnknownException.class)
                    .hasMessageContaining("lost its connection during COMMIT")
                    .hasMessageContaining("verifyCommits is off")
                    .hasMessageContaining("db.idempotent().transaction(...)");
            assertThat(runs.get()).as("not run again: it may have committed").isEqualTo(1);
            assertThat(runsStored()).as("the server rolled it back, which nobody could have known").isEmpty();
            assertThat(db.diagnostics().status().active()).isZero();
        }
    }

    @Test
    void idempotentWorkRunsAgainAfterAnUnverifiedCommitIsCutOff() {
        try (Database db = Pg.builder().applicationName("commit_unverified_idem").verifyCommits(false).build()) {
            AtomicInteger runs = new AtomicInteger();
            int result = db.idempotent().transaction(tx -> {
                int run = runs.incrementAndGet();
                tx.update("insert into commit_safety (run) values (?)", run);
                if (run == 1) {
                    terminateDuringCommit("commit_unverified_idem");
                }
                return run;
            });
            assertThat(result).isEqualTo(2);
            assertThat(runsStored()).containsExactly(2);
        }
    }

    @Test
    void aReadOnlyTransactionWithVerifyCommitsOffStillReturnsWhenNothingRan() {
        try (Database db = Pg.builder().applicationName("commit_nothing_ran").verifyCommits(false).build()) {
            // Nothing ran, so nothing can be lost: COMMIT has nothing to verify and the result is returned.
            int result = db.transaction(tx -> 42);
            assertThat(result).isEqualTo(42);
        }
    }

    @Test
    void aWriteThroughAnUnwrappedDriverHandleIsVerifiedLikeAnyOther() {
        try (Database db = Pg.builder().applicationName("commit_unwrapped").build()) {
            AtomicInteger runs = new AtomicInteger();
            int result = db.transaction(tx -> {
                int run = runs.incrementAndGet();
                // Poolguard sees no statement: the only write is a COPY through the driver's own API.
                tx.withConnection(c -> copyIn(c.unwrap(PGConnection.class), run));
                if (run == 1) {
                    terminateDuringCommit("commit_unwrapped");
                }
                return run;
            });
            assertThat(result).as("txid_status said the first run was aborted, so it ran again").isEqualTo(2);
            assertThat(runsStored()).containsExactly(2);
        }
    }

    private static long copyIn(PGConnection pg, int run) throws SQLException {
        try {
            return pg.getCopyAPI().copyIn("copy commit_safety (run) from stdin", new StringReader(run + "\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBackendTerminatedBeforeCommitIsNotCommittedSoTheTransactionRunsAgain() {
        try (Database db = Pg.builder().applicationName("commit_before").build()) {
            AtomicInteger runs = new AtomicInteger();
            int result = db.transaction(tx -> {
                int run = runs.incrementAndGet();
                tx.update("insert into commit_safety (run) values (?)", run);
                if (run == 1) {
                    // Idle in transaction, between the last statement and COMMIT: the server's error answers the
                    // transaction id's select, read in COMMIT's round trip, so COMMIT never ran.
                    int pid = tx.queryOne("select pg_backend_pid()", rs -> rs.getInt(1)).orElseThrow();
                    PgTerminate.backend(pid);
                    await().atMost(Duration.ofSeconds(5)).until(() -> setup.queryOne(
                            "select count(*) from pg_stat_activity where pid = ?", rs -> rs.getLong(1), pid).orElseThrow() == 0);
                }
                return run;
            });
            assertThat(result).isEqualTo(2);
            assertThat(runsStored()).as("stored once").containsExactly(2);
        }
    }

    @Test
    void aHandleUnwrappedInsideACallbackDiesWithIt() {
        try (Database db = Pg.builder().applicationName("commit_unwrap_fence").captureCallSites(true).build()) {
            Connection raw = db.withConnection(c -> c.unwrap(Connection.class));
            assertThatThrownBy(raw::createStatement).isInstanceOf(ConnectionReleasedException.class)
                    .hasMessageContaining("CommitSafetyTest.aHandleUnwrappedInsideACallbackDiesWithIt(");
            PGConnection pg = db.withConnection(c -> c.unwrap(PGConnection.class));
            assertThatThrownBy(pg::getBackendPID).isInstanceOf(ConnectionReleasedException.class);
            int pid = db.withConnection(c -> c.unwrap(PGConnection.class).getBackendPID());
            assertThat(pid).isPositive();
            // A class cannot be fenced: refused, naming the interface to ask for instead.
            assertThatThrownBy(() -> db.withConnection(c -> c.unwrap(org.postgresql.jdbc.PgConnection.class)))
                    .hasMessageContaining("unwrap(PgConnection.class)")
                    .hasMessageContaining("unwrap to an interface such as PGConnection")
                    .hasRootCauseInstanceOf(SQLException.class);
            assertThat(db.diagnostics().status().active()).isZero();
        }
    }

    @Test
    void reclaimNeverRevokesALeaseDuringItsCommit() {
        try (Database db = Pg.builder().applicationName("commit_reclaim").reclaimAfter(Duration.ofSeconds(1))
                .leakThreshold(Duration.ZERO).heldIdleThreshold(Duration.ZERO).build()) {
            // The callback returns at once; COMMIT then runs the 2 s deferred trigger, past reclaimAfter.
            int result = db.transaction(tx -> {
                tx.update("insert into commit_safety (run) values (?)", 1);
                return 1;
            });
            assertThat(result).isEqualTo(1);
            assertThat(runsStored()).containsExactly(1);
            // A lease that is not committing is still revoked: reclaim works as before.
            assertThatThrownBy(() -> db.transaction(tx -> tx.update("select pg_sleep(3)")))
                    .isInstanceOf(LeaseRevokedException.class).hasMessageContaining("longer than reclaimAfter 1s");
        }
    }
}
