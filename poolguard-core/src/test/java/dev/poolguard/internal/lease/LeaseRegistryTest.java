package dev.poolguard.internal.lease;

import dev.poolguard.Ticker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseRegistryTest {

    /** Stands for a physical connection: the registry knows connections by identity and asks whether they closed. */
    private static final class FakeConnection {
        volatile boolean closed;
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = now::get;

    private LeaseRegistry registry() {
        return new LeaseRegistry(ticker, c -> ((FakeConnection) c).closed);
    }

    private long lend(Lease lease, String site) {
        return lease.lend(null, "gate", "default", site, now.get(), 1, null);
    }

    @Test
    void everyConnectionHasItsSlotAndOnlyHeldSlotsAreHolders() {
        LeaseRegistry registry = registry();
        List<FakeConnection> connections = new ArrayList<>();
        List<Lease> slots = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            FakeConnection c = new FakeConnection();
            connections.add(c);
            slots.add(registry.register(c, 1000 + i, null));
        }
        for (int i = 0; i < 40; i++) {
            assertThat(registry.slotOf(connections.get(i))).isSameAs(slots.get(i));
            assertThat(slots.get(i).backendPid()).isEqualTo(1000 + i);
        }
        assertThat(registry.slotOf(new FakeConnection())).isNull();
        assertThat(registry.register(connections.get(3), 7, null)).as("registered once").isSameAs(slots.get(3));

        lend(slots.get(1), "A.a(A.java:1)");
        lend(slots.get(2), "B.b(B.java:2)");
        lend(slots.get(5), "B.b(B.java:2)");
        assertThat(registry.held()).isEqualTo(3);
        assertThat(registry.holdings()).extracting(Holding::lease).containsExactlyInAnyOrder(slots.get(1), slots.get(2), slots.get(5));
        now.addAndGet(2_000_000_000L);
        assertThat(registry.holdersSummary(now.get(), 10)).isEqualTo("B.b(B.java:2) x2 longest 2.0s; A.a(A.java:1) x1 longest 2.0s");
        assertThat(registry.snapshot(now.get())).hasSize(3).allSatisfy(info -> assertThat(info.thread())
                .isEqualTo(Thread.currentThread().getName()));

        assertThat(slots.get(2).markReleased()).isTrue();
        assertThat(registry.holdings()).extracting(Holding::lease).containsExactlyInAnyOrder(slots.get(1), slots.get(5));
        assertThat(registry.borrows()).isEqualTo(3);
    }

    @Test
    void whatAnotherThreadSawOfOneBorrowNeverActsOnTheNext() {
        LeaseRegistry registry = registry();
        Lease slot = registry.register(new FakeConnection(), 0, null);
        lend(slot, "First.call(First.java:1)");
        Holding first = slot.holding();
        assertThat(slot.markLeakReported(first.word())).isTrue();
        assertThat(slot.markLeakReported(first.word())).as("once per borrow").isFalse();
        assertThat(slot.leakReported()).isTrue();
        assertThat(slot.markReleased()).isTrue();

        long second = lend(slot, "Second.call(Second.java:2)");
        assertThat(slot.leakReported()).as("the next borrow starts unreported").isFalse();
        assertThat(slot.markRevoked(first.word(), "too late")).as("a revoke of the first borrow").isFalse();
        assertThat(slot.isRevoked()).isFalse();
        assertThat(slot.holding().callSite()).isEqualTo("Second.call(Second.java:2)");
        assertThat(slot.callSiteFor(first.word())).as("the first borrow's site is not the second's").isNull();

        assertThat(slot.beginCommit()).isTrue();
        assertThat(slot.markRevoked(slot.word(), "mid-commit")).as("never mid-COMMIT").isFalse();
        slot.endCommit();
        assertThat(slot.markRevoked(second, "held too long")).isTrue();
        assertThat(slot.revocation()).isEqualTo("held too long");
        assertThat(slot.markReleased()).as("the holder finds it revoked").isFalse();
        assertThat(registry.holdings()).isEmpty();
    }

    @Test
    void slotsOfClosedConnectionsAreDroppedWhenTheNextOneOpensAndTheirBorrowsStayCounted() {
        LeaseRegistry registry = registry();
        FakeConnection old = new FakeConnection();
        FakeConnection held = new FakeConnection();
        Lease oldSlot = registry.register(old, 0, null);
        Lease heldSlot = registry.register(held, 0, null);
        for (int i = 0; i < 5; i++) {
            lend(oldSlot, null);
            oldSlot.markReleased();
        }
        lend(heldSlot, null);
        old.closed = true;
        held.closed = true; // its holder has not given it back yet: kept
        registry.register(new FakeConnection(), 0, null);
        assertThat(registry.slotOf(old)).isNull();
        assertThat(registry.slotOf(held)).isSameAs(heldSlot);
        assertThat(registry.slots()).hasSize(2);
        assertThat(registry.borrows()).isEqualTo(6);
    }

    @Test
    void concurrentBorrowersAndReadersNeverSeeTwoBorrowsMixed() throws Exception {
        int threads = 8;
        int connections = 4;
        LeaseRegistry registry = registry();
        AtomicReferenceArray<Lease> slots = new AtomicReferenceArray<>(connections);
        AtomicBoolean[] lent = new AtomicBoolean[connections];
        for (int i = 0; i < connections; i++) {
            slots.set(i, registry.register(new FakeConnection(), i, null));
            lent[i] = new AtomicBoolean();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        Set<String> mixed = ConcurrentHashMap.newKeySet();
        AtomicInteger seen = new AtomicInteger();
        Future<?> reader = pool.submit(() -> {
            start.await();
            while (!done.get()) {
                for (Holding h : registry.holdings()) {
                    seen.incrementAndGet();
                    // Each borrower lends with its own thread's name as workload and site: a snapshot mixing two borrows shows.
                    if (!h.thread().getName().equals(h.workload()) || !h.workload().equals(h.callSite())) {
                        mixed.add(h.thread().getName() + " / " + h.workload() + " / " + h.callSite());
                    }
                }
            }
            return null;
        });
        List<Future<Integer>> borrowers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            borrowers.add(pool.submit(() -> {
                start.await();
                String me = Thread.currentThread().getName();
                int borrowed = 0;
                for (int i = 0; i < 20_000; i++) {
                    int k = (i + me.hashCode()) & (connections - 1);
                    if (!lent[k].compareAndSet(false, true)) {
                        continue; // the pool lends a connection to one borrower at a time
                    }
                    Lease slot = slots.get(k);
                    long word = slot.lend(null, me, me, me, now.get(), 1, null);
                    borrowed++;
                    if (slot.word() != word || !slot.markReleased()) {
                        throw new IllegalStateException("the borrow changed under its holder");
                    }
                    lent[k].set(false);
                }
                return borrowed;
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> b : borrowers) {
            total += b.get(60, TimeUnit.SECONDS);
        }
        done.set(true);
        reader.get(10, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(total).isPositive();
        assertThat(registry.borrows()).isEqualTo(total);
        assertThat(mixed).isEmpty();
        assertThat(registry.held()).isZero();
    }
}
