package dev.poolguard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PoolExhaustionTest {

    @Test
    void exhaustionNamesTheHoldersByCallSite() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holders = Executors.newFixedThreadPool(2);
        try (Database db = Pg.builder().maxPoolSize(2).connectionTimeout(Duration.ofMillis(500)).build()) {
            for (int i = 0; i < 2; i++) {
                holders.submit(() -> holdConnection(db, release));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> db.diagnostics().status().active() == 2);
            assertThatThrownBy(() -> db.queryOne("select 1", rs -> 1))
                    .isInstanceOf(ConnectionUnavailableException.class)
                    .hasMessageContaining("queryOne got no connection in ")
                    .hasMessageContaining("pool exhausted (total=2 active=2 idle=0")
                    .hasMessageMatching("(?s).*holders: dev\\.poolguard\\.PoolExhaustionTest\\.holdConnection\\(PoolExhaustionTest\\.java:\\d+\\) x2 longest \\d+\\.\\ds.*")
                    .hasMessageContaining("sql: select 1");
            assertThat(db.diagnostics().leases()).hasSize(2).allSatisfy(l -> {
                assertThat(l.callSite()).startsWith("dev.poolguard.PoolExhaustionTest.holdConnection(PoolExhaustionTest.java:");
                assertThat(l.workload()).isEqualTo("default");
                assertThat(l.sql()).isEqualTo("select ?");
            });
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> db.diagnostics().status().active() == 0);
        } finally {
            release.countDown();
            holders.shutdown();
            holders.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Object holdConnection(Database db, CountDownLatch release) {
        return db.withConnection(c -> {
            c.createStatement().execute("select 1");
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
    }

    @Test
    void unreachableDatabaseFailsWithDatabaseUnavailableWithinTheTimeout() {
        try (Database db = Database.builder().url("postgres://app:hunter2@127.0.0.1:1/app").minIdle(0)
                .connectionTimeout(Duration.ofMillis(800)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> db.update("update t set x = 1"))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageStartingWith("database unavailable: update got no connection in ")
                    .hasMessageContaining("08001")
                    .hasMessageNotContaining("hunter2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
