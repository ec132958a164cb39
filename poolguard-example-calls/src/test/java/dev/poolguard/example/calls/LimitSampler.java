package dev.poolguard.example.calls;

import dev.poolguard.Database;
import dev.poolguard.example.calls.queue.ConcurrencyAudit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Samples {@link ConcurrencyAudit} every few milliseconds while calls run: the highest use seen, and every violation. */
final class LimitSampler implements AutoCloseable {

    private final ConcurrencyAudit audit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final Map<String, Long> highest = new ConcurrentHashMap<>();
    final List<ConcurrencyAudit.Usage> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger samples = new AtomicInteger();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    LimitSampler(Database db) {
        this.audit = new ConcurrencyAudit(db);
        timer.scheduleWithFixedDelay(this::sample, 0, 5, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            for (ConcurrencyAudit.Usage u : audit.sample()) {
                highest.merge(u.kind() + ":" + u.id(), u.active(), Math::max);
                if (u.over()) {
                    violations.add(u);
                }
            }
            samples.incrementAndGet();
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }

    long highestForUser(long id) {
        return highest.getOrDefault("user:" + id, 0L);
    }

    long highestForCampaign(long id) {
        return highest.getOrDefault("campaign:" + id, 0L);
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
