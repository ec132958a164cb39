package dev.poolguard;

import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventType;
import dev.poolguard.event.PoolListener;
import dev.poolguard.status.Health;
import dev.poolguard.event.DatabaseStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class HealthAndStatsTest {

    @Test
    void healthIsJudgedWithoutBorrowingEvenWhenThePoolIsExhausted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holders = Executors.newFixedThreadPool(2);
        try (Database db = Pg.builder().maxPoolSize(2).connectionTimeout(Duration.ofMillis(300)).build()) {
            assertThat(db.diagnostics().health().status()).isEqualTo(Health.Status.UP);
            assertThat(db.diagnostics().health().probe().ok()).isTrue();
            for (int i = 0; i < 2; i++) {
                holders.submit(() -> db.withConnection(c -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> db.diagnostics().status().active() == 2);
            assertThatThrownBy(() -> db.queryOne("select 1", rs -> 1)).isInstanceOf(ConnectionUnavailableException.class);
            long start = System.nanoTime();
            Health h = db.diagnostics().health();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
            assertThat(h.status()).isEqualTo(Health.Status.DEGRADED);
            assertThat(h.reasons()).anySatisfy(r -> assertThat(r).contains("pool saturated: 2 of 2"))
                    .anySatisfy(r -> assertThat(r).contains("critical events in the last 60s"));
            release.countDown();
        } finally {
            release.countDown();
            holders.shutdown();
        }
    }

    /** What a service throws for a missing row: its own business, not the database's. */
    static final class CallNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallNotFound(String message) {
            super(message);
        }
    }

    @Test
    void applicationExceptionsInsideCallbacksAreNotDatabaseErrors() {
        try (Database db = Pg.builder().build()) {
            CallNotFound notFound = new CallNotFound("call CA42 not found");
            assertThatThrownBy(() -> db.transaction(tx -> {
                tx.queryOne("select 1", rs -> rs.getInt(1));
                throw notFound;
            })).isSameAs(notFound);
            assertThatThrownBy(() -> db.withConnection(c -> {
                throw notFound;
            })).isSameAs(notFound);
            assertThatThrownBy(() -> db.query("select 1", rs -> {
                throw notFound;
            })).isSameAs(notFound);
            assertThatThrownBy(() -> db.transaction(tx -> db.transaction(inner -> {
                throw new IllegalArgumentException("campaign name is empty");
            }))).isInstanceOf(IllegalArgumentException.class);
            assertThat(db.diagnostics().recentEvents()).as("no ERROR events").isEmpty();
            assertThat(db.diagnostics().stats().errors()).as("no error metrics").isEmpty();
            assertThat(db.diagnostics().health().status()).as("not DEGRADED").isEqualTo(Health.Status.UP);

            // The database's own failures still count, also when the application wraps them in its own exception.
            assertThatThrownBy(() -> db.transaction(tx -> {
                try {
                    return tx.withConnection(c -> c.createStatement().executeUpdate("insert into nowhere values (1)"));
                } catch (QueryFailedException e) {
                    throw new IllegalStateException("saving the call failed", e);
                }
            })).isInstanceOf(IllegalStateException.class);
            assertThat(db.diagnostics().recentEvents()).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(EventType.QUERY_ERROR);
                assertThat(e.tags()).containsEntry("sqlstate", "42P01");
            });
            assertThat(db.diagnostics().stats().errors()).isNotEmpty();
            assertThat(db.diagnostics().health().status()).isEqualTo(Health.Status.DEGRADED);
        }
    }

    @Test
    void anUnreachableDatabaseIsDown() {
        try (Database db = Database.builder().url("postgres://u@127.0.0.1:1/db").minIdle(0)
                .connectionTimeout(Duration.ofMillis(500)).build()) {
            Health h = db.diagnostics().health();
            assertThat(h.status()).isEqualTo(Health.Status.DOWN);
            assertThat(h.reasons()).anySatisfy(r -> assertThat(r).startsWith("probe failed").contains("08001"));
        }
    }

    @Test
    void statsAndPoolListenersCount() {
        AtomicLong acquired = new AtomicLong();
        AtomicLong released = new AtomicLong();
        try (Database db = Pg.builder().build()) {
            db.diagnostics().addPoolListener(new PoolListener() {
                @Override
                public void connectionAcquired(long waitNanos) {
                    acquired.incrementAndGet();
                }

                @Override
                public void connectionReleased(long usedMillis) {
                    released.incrementAndGet();
                }
            });
            RecordingReporter late = new RecordingReporter();
            db.diagnostics().addReporter(late);
            for (int i = 0; i < 5; i++) {
                db.queryOne("select 1", rs -> 1);
            }
            assertThatThrownBy(() -> db.update("insert into nowhere values (1)"));
            assertThat(acquired.get()).isEqualTo(6);
            assertThat(released.get()).isEqualTo(6);
            await().atMost(Duration.ofSeconds(2)).until(() -> late.of(EventType.QUERY_ERROR).size() == 1);
            DatabaseStats stats = db.diagnostics().stats();
            assertThat(stats.events()).containsEntry(EventType.QUERY_ERROR, 1L);
            assertThat(stats.errors()).containsEntry("data|false", 1L);
            assertThat(stats.connectionsOpened()).isPositive();
            assertThat(db.diagnostics().recentEvents()).extracting(DiagnosticEvent::type).contains(EventType.QUERY_ERROR);
        }
    }
}
