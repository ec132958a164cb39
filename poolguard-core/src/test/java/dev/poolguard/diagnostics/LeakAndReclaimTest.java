package dev.poolguard.diagnostics;

import dev.poolguard.Database;
import dev.poolguard.DiagnosticEvent;
import dev.poolguard.EventType;
import dev.poolguard.LeakSite;
import dev.poolguard.LeaseRevokedException;
import dev.poolguard.Pg;
import dev.poolguard.RecordingReporter;
import dev.poolguard.Severity;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LeakAndReclaimTest {

    @Test
    void aLeakIsReportedOnceWithItsCallSiteAndStackAndItsLateReturnIsNoted() throws Exception {
        RecordingReporter events = new RecordingReporter();
        CountDownLatch release = new CountDownLatch(1);
        try (Database db = Pg.builder().leakThreshold(Duration.ofMillis(300)).heldIdleThreshold(Duration.ZERO)
                .addReporter(events).build()) {
            CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> holdUntil(db, release));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.of(EventType.LEAK).size() == 1);
            Thread.sleep(400); // still held: no second report
            assertThat(events.of(EventType.LEAK)).hasSize(1);
            DiagnosticEvent leak = events.of(EventType.LEAK).get(0);
            assertThat(leak.severity()).isEqualTo(Severity.WARNING);
            assertThat(leak.context().callSite()).startsWith("dev.poolguard.diagnostics.LeakAndReclaimTest.holdUntil(LeakAndReclaimTest.java:");
            assertThat(leak.message()).contains("leak threshold 300ms");
            assertThat(leak.error().getStackTrace()).anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("await"));
            List<LeakSite> sites = db.leakSites();
            assertThat(sites).hasSize(1);
            assertThat(sites.get(0).stillHeld()).isEqualTo(1);
            assertThat(sites.get(0).neverReturned()).isEqualTo(1);

            release.countDown();
            slow.get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.LEAK_RETURNED).size() == 1);
            LeakSite site = db.leakSites().get(0);
            assertThat(site.leaks()).isEqualTo(1);
            assertThat(site.returnedLate()).isEqualTo(1);
            assertThat(site.neverReturned()).isZero();
            assertThat(site.longestHeld()).isGreaterThan(Duration.ofMillis(600));
        }
    }

    private static Object holdUntil(Database db, CountDownLatch release) {
        return db.withConnection(c -> {
            c.createStatement().execute("select 1");
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
    }

    @Test
    void aCallbackThatBlocksForeverNoLongerStarvesThePool() throws Exception {
        RecordingReporter events = new RecordingReporter();
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<Connection> kept = new AtomicReference<>();
        try (Database db = Pg.builder().maxPoolSize(2).connectionTimeout(Duration.ofSeconds(3))
                .reclaimAfter(Duration.ofSeconds(1)).leakThreshold(Duration.ZERO).addReporter(events).build()) {
            // Two holders: one stuck in Java, one stuck in the database.
            CompletableFuture<Object> stuckInJava = CompletableFuture.supplyAsync(() -> db.withConnection(c -> {
                kept.set(c);
                try {
                    never.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return c.createStatement().execute("select 1");
            }));
            CompletableFuture<Object> stuckInDb = CompletableFuture.supplyAsync(() -> db.withConnection(
                    c -> c.createStatement().execute("select pg_sleep(30)")));
            await().atMost(Duration.ofSeconds(5)).until(() -> db.status().active() == 2);

            long start = System.nanoTime();
            assertThat(db.queryOne("select 7", rs -> rs.getInt(1))).contains(7);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

            await().atMost(Duration.ofSeconds(5)).until(() -> events.of(EventType.LEASE_REVOKED).size() == 2);
            assertThat(events.of(EventType.LEASE_REVOKED)).allSatisfy(e -> {
                assertThat(e.severity()).isEqualTo(Severity.ERROR);
                assertThat(e.message()).contains("longer than reclaimAfter 1s").contains("aborted");
            });
            assertThatThrownBy(() -> stuckInDb.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(LeaseRevokedException.class).hasMessageContaining("revoked")
                    .hasMessageContaining("reclaimAfter 1s");
            never.countDown();
            assertThatThrownBy(() -> stuckInJava.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(LeaseRevokedException.class)
                    .hasMessageContaining("connection used after its lease was revoked: held for")
                    .hasMessageContaining("revoked at ");
            assertThatThrownBy(() -> kept.get().createStatement()).isInstanceOf(RuntimeException.class);
            assertThat(db.leakSites()).allSatisfy(s -> assertThat(s.revoked()).isEqualTo(1));
            assertThat(db.status().active()).isZero();
        } finally {
            never.countDown();
        }
    }

    @Test
    void holdingAConnectionWithoutUsingItIsReported() {
        RecordingReporter events = new RecordingReporter();
        try (Database db = Pg.builder().heldIdleThreshold(Duration.ofMillis(200)).addReporter(events).build()) {
            db.transaction(tx -> {
                tx.query("select 1", rs -> 1);
                slowHttpCall();
                return tx.query("select 2", rs -> 2);
            });
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.HELD_IDLE).size() == 1);
            DiagnosticEvent idle = events.of(EventType.HELD_IDLE).get(0);
            assertThat(idle.context().callSite()).startsWith("dev.poolguard.diagnostics.LeakAndReclaimTest.holdingAConnectionWithoutUsingItIsReported(");
            assertThat(idle.message()).contains("inside an open transaction").contains("outside the callback");
            assertThat(idle.tags()).containsEntry("in_transaction", "true");
            assertThat(idle.error().getStackTrace()).anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("slowHttpCall"));
        }
    }

    private static void slowHttpCall() {
        try {
            Thread.sleep(700);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static void use(Statement s) {
    }
}
