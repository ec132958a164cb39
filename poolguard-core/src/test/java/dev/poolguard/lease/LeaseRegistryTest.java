package dev.poolguard.lease;

import dev.poolguard.Ticker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseRegistryTest {

    private static Lease lease(String site) {
        return new Lease(null, 0, Thread.currentThread(), System.nanoTime(), System.currentTimeMillis(), "default", site,
                Ticker.SYSTEM, null);
    }

    @Test
    void leasesBeyondTheCapacitySpillAndAllAreListedAndRemoved() {
        LeaseRegistry registry = new LeaseRegistry(3);
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Lease l = lease("Site.call(Site.java:" + i + ")");
            leases.add(l);
            registry.add(l);
        }
        assertThat(registry.size()).isEqualTo(5);
        Set<Lease> listed = new HashSet<>();
        registry.active().forEach(listed::add);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(leases);
        assertThat(registry.holdersSummary(System.nanoTime(), 10)).contains("Site.call(Site.java:4) x1");

        leases.forEach(registry::remove);
        assertThat(registry.isEmpty()).isTrue();
        assertThat(registry.active()).isEmpty();
    }

    @Test
    void removingTwiceOrAfterTheSlotWasReusedLeavesTheNewLeaseInPlace() {
        LeaseRegistry registry = new LeaseRegistry(1);
        Lease first = lease("A.a(A.java:1)");
        registry.add(first);
        registry.remove(first);
        Lease second = lease("B.b(B.java:2)");
        registry.add(second);
        registry.remove(first); // a revoked lease released late by its holder
        assertThat(registry.active()).containsExactly(second);
    }

    @Test
    void concurrentBorrowersNeverLoseOrKeepALease() throws Exception {
        int threads = 8;
        LeaseRegistry registry = new LeaseRegistry(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                start.await();
                int seenOwn = 0;
                for (int i = 0; i < 20_000; i++) {
                    Lease l = lease(null);
                    registry.add(l);
                    for (Lease active : registry.active()) {
                        if (active == l) {
                            seenOwn++;
                            break;
                        }
                    }
                    registry.remove(l);
                }
                return seenOwn;
            }));
        }
        start.countDown();
        for (Future<Integer> r : results) {
            assertThat(r.get(60, TimeUnit.SECONDS)).as("each held lease is listed while held").isEqualTo(20_000);
        }
        pool.shutdown();
        assertThat(registry.isEmpty()).isTrue();
    }
}
