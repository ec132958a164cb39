package dev.poolguard.diagnostics;

import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.Database;
import dev.poolguard.Pg;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * On a pool of 8, a flood of 200 background callbacks each holding a connection for 200 ms. With a budget of 2 the
 * default workload's point reads do not wait; without it they do. Both are asserted, so the budget is what helps.
 */
class WorkloadBudgetTest {

    private static final Logger log = LoggerFactory.getLogger(WorkloadBudgetTest.class);

    record ReadStats(long reads, long failures, long maxMillis, long p50Millis, long p99Millis) {
    }

    @Test
    void aBudgetKeepsABackgroundFloodFromStarvingPointReads() throws Exception {
        ReadStats limited;
        try (Database db = Pg.builder().maxPoolSize(8).connectionTimeout(Duration.ofSeconds(2))
                .leakThreshold(Duration.ZERO).heldIdleThreshold(Duration.ZERO).workloadLimit("flood", 2).build()) {
            limited = readsDuringFlood(db, 2);
        }
        ReadStats unlimited;
        try (Database db = Pg.builder().maxPoolSize(8).connectionTimeout(Duration.ofSeconds(2))
                .leakThreshold(Duration.ZERO).heldIdleThreshold(Duration.ZERO).build()) {
            unlimited = readsDuringFlood(db, 2);
        }
        log.info("BUDGET with limit 2: {} / without: {}", limited, unlimited);
        assertThat(limited.failures()).isZero();
        // Reads take about a millisecond; 100 ms leaves room for a loaded machine while staying below the 150 ms (and in
        // practice 200 ms, one flood callback) that queueing behind the flood costs.
        assertThat(limited.p99Millis()).as("with a budget, reads do not wait for a pool slot").isLessThan(100);
        // Without it, a read arriving while the flood holds every connection queues behind the flood's waiters. Only
        // the worst wait is asserted: a reader that gets a connection back may keep reusing it (HikariCP hands a
        // returned connection to the same thread first), so the median depends on scheduling.
        assertThat(unlimited.maxMillis()).as("without it, reads queue behind the flood").isGreaterThan(150);
    }

    /** Starts the flood, waits until it holds {@code floodConnections} (its budget, or the whole pool), then reads. */
    private static ReadStats readsDuringFlood(Database db, int floodConnections) throws Exception {
        Database flood = db.workload("flood");
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService floodThreads = Executors.newFixedThreadPool(40);
        List<Future<?>> callbacks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            callbacks.add(floodThreads.submit(() -> flood.withConnection(c -> {
                if (!stop.get()) {
                    c.createStatement().execute("select pg_sleep(0.2)");
                }
                return null;
            })));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> db.diagnostics().status().active() >= floodConnections);
        LongAdder reads = new LongAdder();
        LongAdder failures = new LongAdder();
        AtomicLong max = new AtomicLong();
        java.util.Queue<Long> latencies = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        for (int r = 0; r < 4; r++) {
            Thread reader = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        db.queryOne("select 1", rs -> rs.getInt(1));
                        reads.increment();
                    } catch (ConnectionUnavailableException e) {
                        failures.increment();
                    }
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    max.accumulateAndGet(ms, Math::max);
                    latencies.add(ms);
                }
            });
            readers.add(reader);
            reader.start();
        }
        for (Thread r : readers) {
            r.join();
        }
        stop.set(true);
        floodThreads.shutdown();
        assertThat(floodThreads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new ReadStats(reads.sum(), failures.sum(), max.get(), sorted[sorted.length / 2],
                sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))]);
    }

    @Test
    void aCallerOverItsBudgetWaitsThenFailsNamingTheWorkload() throws Exception {
        try (Database db = Pg.builder().maxPoolSize(4).connectionTimeout(Duration.ofMillis(500)).workloadLimit("reports", 1).build()) {
            Database reports = db.workload("reports");
            Thread holder = new Thread(() -> reports.withConnection(c -> {
                c.createStatement().execute("select pg_sleep(1.5)");
                return null;
            }));
            holder.start();
            await().atMost(Duration.ofSeconds(3)).until(() -> db.diagnostics().status().active() == 1);
            assertThatThrownBy(() -> reports.queryOne("select 1", rs -> 1))
                    .isInstanceOf(ConnectionUnavailableException.class)
                    .hasMessageContaining("workload 'reports' is at its limit of 1 connections")
                    .hasMessageContaining("raise workloadLimit(\"reports\", n)")
                    .hasMessageContaining("WorkloadBudgetTest");
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).as("other workloads are not affected").contains(1);
            holder.join();
        }
    }
}
