package dev.poolguard.diagnostics;

import dev.poolguard.Database;
import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventType;
import dev.poolguard.status.LeakSite;
import dev.poolguard.LeaseRevokedException;
import dev.poolguard.ManualTicker;
import dev.poolguard.Pg;
import dev.poolguard.RecordingReporter;
import dev.poolguard.event.Severity;
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
        ManualTicker clock = new ManualTicker();
        try (Database db = Pg.builder().ticker(clock).leakThreshold(Duration.ofMillis(300)).heldIdleThreshold(Duration.ofSeconds(5))
                .addReporter(events).build()) {
            CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> holdUntil(db, release));
            await().atMost(Duration.ofSeconds(5)).until(() -> db.diagnostics().status().active() == 1);
            clock.advance(Duration.ofMillis(400));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.of(EventType.LEAK).size() == 1);
            // Still held ten seconds later: the scan that finds it idle past 5 s passes the leak check first, and events
            // arrive in order, so a second leak report would have arrived before the held-idle one.
            clock.advance(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.of(EventType.HELD_IDLE).size() == 1);
            assertThat(events.of(EventType.LEAK)).hasSize(1);
            DiagnosticEvent leak = events.of(EventType.LEAK).get(0);
            assertThat(leak.severity()).isEqualTo(Severity.WARNING);
            assertThat(leak.context().callSite()).startsWith("dev.poolguard.diagnostics.LeakAndReclaimTest.holdUntil(LeakAndReclaimTest.java:");
            assertThat(leak.message()).contains("leak threshold 300ms").contains("connection held for 0.4s");
            assertThat(leak.error().getStackTrace()).anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("await"));
            List<LeakSite> sites = db.diagnostics().leakSites();
            assertThat(sites).hasSize(1);
            assertThat(sites.get(0).stillHeld()).isEqualTo(1);
            assertThat(sites.get(0).neverReturned()).isEqualTo(1);

            release.countDown();
            slow.get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.LEAK_RETURNED).size() == 1);
            LeakSite site = db.diagnostics().leakSites().get(0);
            assertThat(site.leaks()).isEqualTo(1);
            assertThat(site.returnedLate()).isEqualTo(1);
            assertThat(site.neverReturned()).isZero();
            assertThat(site.longestHeld()).isEqualTo(Duration.ofMillis(10_400));
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
        ManualTicker clock = new ManualTicker();
        try (Database db = Pg.builder().ticker(clock).maxPoolSize(2).connectionTimeout(Duration.ofSeconds(10))
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
            await().atMost(Duration.ofSeconds(5)).until(() -> db.diagnostics().status().active() == 2);

            // A third caller waits for a connection; once the holders are past reclaimAfter they are revoked and it gets one.
            CompletableFuture<java.util.Optional<Integer>> third = CompletableFuture.supplyAsync(() -> db.queryOne("select 7", rs -> rs.getInt(1)));
            await().atMost(Duration.ofSeconds(5)).until(() -> db.diagnostics().status().waiting() == 1);
            assertThat(events.of(EventType.LEASE_REVOKED)).as("nothing is revoked before reclaimAfter").isEmpty();
            clock.advance(Duration.ofMillis(1500));
            assertThat(third.get(5, TimeUnit.SECONDS)).contains(7);

            await().atMost(Duration.ofSeconds(5)).until(() -> events.of(EventType.LEASE_REVOKED).size() == 2);
            assertThat(events.of(EventType.LEASE_REVOKED)).allSatisfy(e -> {
                assertThat(e.severity()).isEqualTo(Severity.ERROR);
                assertThat(e.message()).contains("held for 1.5s, longer than reclaimAfter 1s").contains("aborted");
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
            assertThat(db.diagnostics().leakSites()).allSatisfy(s -> assertThat(s.revoked()).isEqualTo(1));
            assertThat(db.diagnostics().status().active()).isZero();
        } finally {
            never.countDown();
        }
    }

    @Test
    void holdingAConnectionWithoutUsingItIsReported() {
        RecordingReporter events = new RecordingReporter();
        ManualTicker clock = new ManualTicker();
        try (Database db = Pg.builder().ticker(clock).heldIdleThreshold(Duration.ofMillis(200)).addReporter(events).build()) {
            db.transaction(tx -> {
                tx.query("select 1", rs -> 1);
                slowHttpCall(clock, events);
                return tx.query("select 2", rs -> 2);
            });
            DiagnosticEvent idle = events.of(EventType.HELD_IDLE).get(0);
            assertThat(idle.context().callSite()).startsWith("dev.poolguard.diagnostics.LeakAndReclaimTest.holdingAConnectionWithoutUsingItIsReported(");
            assertThat(idle.message()).contains("held without database activity for 0.7s").contains("inside an open transaction")
                    .contains("outside the callback");
            assertThat(idle.tags()).containsEntry("in_transaction", "true");
            assertThat(idle.error().getStackTrace()).anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("slowHttpCall"));
        }
    }

    /** 0.7 s pass without a statement; the call returns once the watchdog has said so (its stack is taken meanwhile). */
    private static void slowHttpCall(ManualTicker clock, RecordingReporter events) {
        clock.advance(Duration.ofMillis(700));
        await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.HELD_IDLE).size() == 1);
    }

    @SuppressWarnings("unused")
    private static void use(Statement s) {
    }
}
