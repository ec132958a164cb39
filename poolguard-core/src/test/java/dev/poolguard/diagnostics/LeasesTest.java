package dev.poolguard.diagnostics;

import dev.poolguard.Database;
import dev.poolguard.status.LeaseInfo;
import dev.poolguard.ManualTicker;
import dev.poolguard.Pg;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeasesTest {

    @Test
    void leasesSayWhoHoldsWhatSinceWhenDoingWhat() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> holderThread = new java.util.concurrent.atomic.AtomicReference<>();
        ManualTicker clock = new ManualTicker();
        try (Database db = Pg.builder().ticker(clock).build()) {
            CompletableFuture<Integer> holder = CompletableFuture.supplyAsync(() -> db.workload("reports").transaction(tx -> {
                tx.queryOne("select 1 where 1 = ?", rs -> rs.getInt(1), 1);
                holderThread.set(Thread.currentThread().getName());
                inside.countDown();
                await().atMost(Duration.ofSeconds(10)).until(() -> release.getCount() == 0);
                return 1;
            }));
            inside.await();
            clock.advance(Duration.ofMillis(150));
            List<LeaseInfo> leases = db.diagnostics().leases();
            assertThat(leases).hasSize(1);
            LeaseInfo lease = leases.get(0);
            assertThat(lease.callSite()).startsWith("dev.poolguard.diagnostics.LeasesTest.leasesSayWhoHoldsWhatSinceWhenDoingWhat(LeasesTest.java:");
            assertThat(lease.thread()).isEqualTo(holderThread.get());
            assertThat(lease.workload()).isEqualTo("reports");
            assertThat(lease.sql()).isEqualTo("select ? where ? = ?");
            assertThat(lease.inTransaction()).isTrue();
            assertThat(lease.heldFor()).isEqualTo(Duration.ofMillis(150));
            assertThat(lease.idleFor()).isEqualTo(Duration.ofMillis(150));
            assertThat(lease.revoked()).isFalse();
            assertThat(db.diagnostics().workloads()).anySatisfy(w -> {
                assertThat(w.workload()).isEqualTo("reports");
                assertThat(w.inUse()).isEqualTo(1);
            });
            assertThat(List.of(leases.get(0).toString())).allSatisfy(s -> assertThat(s).contains("in-transaction"));
            release.countDown();
            assertThat(holder.get()).isEqualTo(1);
            assertThat(db.diagnostics().leases()).isEmpty();
        }
    }
}
