package dev.poolguard.dashboard;

import dev.poolguard.Database;
import dev.poolguard.event.DatabaseStats;
import dev.poolguard.event.PoolListener;
import dev.poolguard.status.PoolStatus;
import dev.poolguard.status.WorkloadStatus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last minutes of the pool, one sample a second, taken on a daemon thread whether or not anyone is watching,
 * so a page opened during an incident shows what led to it. Samples hold cumulative counters; rates are differences.
 */
final class History implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration SPAN = Duration.ofMinutes(5);
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    private static final int CAPACITY = (int) (SPAN.toMillis() / INTERVAL.toMillis());

    /**
     * One sample.
     *
     * @param t         epoch milliseconds
     * @param pool      the pool status
     * @param workloads connections in use per workload
     * @param borrows   connections handed out so far (since the dashboard started)
     * @param retries   retries so far
     * @param errors    failures that reached callers so far
     */
    record Sample(long t, PoolStatus pool, Map<String, Integer> workloads, long borrows, long retries, long errors) {
    }

    /** Counts over the last {@link #RATE_WINDOW} (or as much of it as has been sampled). */
    record Rates(double seconds, long borrows, long retries, long errors) {

        double perSecond(long count) {
            return seconds <= 0 ? 0 : count / seconds;
        }

        /** {@code count} as a share of borrows, 0 when nothing was borrowed. */
        double perBorrow(long count) {
            return borrows == 0 ? 0 : (double) count / borrows;
        }
    }

    private final Database db;
    private final LongAdder borrows = new LongAdder();
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService sampler;

    History(Database db) {
        this.db = db;
        db.diagnostics().addPoolListener(new PoolListener() {
            @Override
            public void connectionAcquired(long waitNanos) {
                borrows.increment();
            }
        });
        sample();
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, db.config().poolName() + "-dashboard-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sampleQuietly, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes a sample now (the sampler thread calls this every second). */
    Sample sample() {
        Sample s = now();
        synchronized (samples) {
            if (samples.size() == CAPACITY) {
                samples.removeFirst();
            }
            samples.addLast(s);
        }
        return s;
    }

    private void sampleQuietly() {
        if (db.isClosed()) {
            return;
        }
        try {
            sample();
        } catch (RuntimeException e) {
            // Swallowed: a scheduled task that throws is never run again; the next second tries again.
        }
    }

    /** A sample of this moment, not recorded. */
    Sample now() {
        Map<String, Integer> inUse = new LinkedHashMap<>();
        for (WorkloadStatus w : db.diagnostics().workloads()) {
            inUse.put(w.workload(), w.inUse());
        }
        DatabaseStats stats = db.diagnostics().stats();
        long errors = stats.errors().values().stream().mapToLong(Long::longValue).sum();
        return new Sample(System.currentTimeMillis(), db.diagnostics().status(), inUse, borrows.sum(), stats.retries(), errors);
    }

    /** Recorded samples taken after {@code sinceMillis}, oldest first. */
    List<Sample> since(long sinceMillis) {
        List<Sample> out = new ArrayList<>();
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.t() > sinceMillis) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Borrows, retries and errors between the oldest sample inside the rate window and {@code current}. */
    Rates rates(Sample current) {
        Sample base = null;
        synchronized (samples) {
            for (Sample s : samples) {
                if (current.t() - s.t() <= RATE_WINDOW.toMillis()) {
                    base = s;
                    break;
                }
            }
        }
        if (base == null) {
            return new Rates(0, 0, 0, 0);
        }
        return new Rates((current.t() - base.t()) / 1000.0, current.borrows() - base.borrows(),
                current.retries() - base.retries(), current.errors() - base.errors());
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
