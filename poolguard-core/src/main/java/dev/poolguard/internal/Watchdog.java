package dev.poolguard.internal;

import dev.poolguard.Durations;
import dev.poolguard.event.EventType;
import dev.poolguard.status.LeakSite;
import dev.poolguard.event.Severity;
import dev.poolguard.internal.lease.CallSites;
import dev.poolguard.internal.lease.Holding;
import dev.poolguard.internal.lease.Lease;
import dev.poolguard.internal.lease.LeaseRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One thread that looks at every lease a few times per threshold: leases held past the leak threshold are reported
 * once (with the holder's stack), leases idle on their connection past the held-idle threshold are reported once,
 * and leases held past {@code reclaimAfter} are revoked. Scanning from one thread keeps the borrow path free of
 * per-borrow timers.
 */
final class Watchdog {

    private static final Duration MIN_TICK = Duration.ofMillis(50);
    private static final Duration MAX_TICK = Duration.ofSeconds(1);

    private final Engine engine;
    private final LeaseRegistry leases;
    private final long leakNanos;
    private final long heldIdleNanos;
    private final long reclaimNanos;
    private final Map<String, SiteStats> sites = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    Watchdog(Engine engine, LeaseRegistry leases, Duration leakThreshold, Duration heldIdleThreshold, Duration reclaimAfter,
             String poolName) {
        this.engine = engine;
        this.leases = leases;
        this.leakNanos = leakThreshold.toNanos();
        this.heldIdleNanos = heldIdleThreshold.toNanos();
        this.reclaimNanos = reclaimAfter.toNanos();
        long shortest = Long.MAX_VALUE;
        for (long n : new long[]{leakNanos, heldIdleNanos, reclaimNanos}) {
            if (n > 0) {
                shortest = Math.min(shortest, n);
            }
        }
        if (shortest == Long.MAX_VALUE) {
            timer = null;
            return;
        }
        long tick = Math.max(MIN_TICK.toNanos(), Math.min(MAX_TICK.toNanos(), shortest / 4));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, poolName + "-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.NANOSECONDS);
    }

    private void tickSafely() {
        try {
            tick(engine.now());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Watchdog.class).warn("Poolguard watchdog tick failed", e);
        }
    }

    void tick(long now) {
        for (Holding h : leases.holdings()) {
            Lease lease = h.lease();
            long held = h.heldNanos(now);
            // Never mid-COMMIT: the caller gets COMMIT's own outcome, and the lease is revoked after it if still held.
            if (reclaimNanos > 0 && held > reclaimNanos && !lease.isCommitting()) {
                String site = leases.callSiteOf(h);
                String why = "held for " + seconds(held) + ", longer than reclaimAfter " + Durations.format(Duration.ofNanos(reclaimNanos))
                        + "; revoked at " + Instant.now();
                if (engine.revoke(h, why)) {
                    stats(site).revoked.increment();
                    if (lease.markLeakReported(h.word())) {
                        stats(site).leaks.increment();
                    }
                    engine.emitter().lease(EventType.LEASE_REVOKED, Severity.ERROR, "lease borrowed at " + site + " on thread "
                            + h.thread().getName() + " was revoked: " + why + "; its connection was aborted and the pool"
                            + " capacity returned", h, site, holderStack(h, site));
                }
                continue;
            }
            if (leakNanos > 0 && held > leakNanos && lease.markLeakReported(h.word())) {
                String site = leases.callSiteOf(h);
                SiteStats s = stats(site);
                s.leaks.increment();
                s.longest.accumulateAndGet(held, Math::max);
                engine.emitter().lease(EventType.LEAK, Severity.WARNING, "connection held for " + seconds(held)
                        + " (leak threshold " + Durations.format(Duration.ofNanos(leakNanos)) + ") by " + site + " on thread "
                        + h.thread().getName() + (h.inTransaction() ? ", transaction open" : "")
                        + (h.sql() == null ? "" : ", last sql: " + h.sql()), h, site, holderStack(h, site));
            }
            if (heldIdleNanos > 0 && h.idleNanos(now) > heldIdleNanos && lease.markHeldIdleReported(h.word())) {
                String site = leases.callSiteOf(h);
                engine.emitter().lease(EventType.HELD_IDLE, Severity.WARNING, "connection held without database activity for "
                        + seconds(h.idleNanos(now)) + " by " + site + (h.inTransaction() ? " inside an open transaction" : "")
                        + ": do slow work (HTTP calls, file I/O) outside the callback", h, site, holderStack(h, site));
            }
        }
    }

    /** A borrow reported as a leak came back: note it came back late. */
    void returned(Holding h, long now) {
        String site = leases.callSiteOf(h);
        SiteStats s = stats(site);
        s.returnedLate.increment();
        s.longest.accumulateAndGet(h.heldNanos(now), Math::max);
        engine.emitter().lease(EventType.LEAK_RETURNED, Severity.INFO, "connection reported as leaked came back after "
                + seconds(h.heldNanos(now)) + " (returned late) to " + site, h, site, null);
    }

    List<LeakSite> leakSites() {
        Map<String, Long> stillHeld = new java.util.HashMap<>();
        for (Holding h : leases.holdings()) {
            if (Lease.sameBorrow(h.lease().word(), h.word()) && h.lease().leakReported()) {
                stillHeld.merge(leases.callSiteOf(h), 1L, Long::sum);
            }
        }
        List<LeakSite> out = new ArrayList<>();
        sites.forEach((site, s) -> out.add(new LeakSite(site, s.leaks.sum(), s.returnedLate.sum(), s.revoked.sum(),
                stillHeld.getOrDefault(site, 0L), Duration.ofNanos(s.longest.get()))));
        out.sort(Comparator.comparingLong(LeakSite::leaks).reversed());
        return List.copyOf(out);
    }

    private SiteStats stats(String site) {
        return sites.computeIfAbsent(site, k -> new SiteStats());
    }

    private static Throwable holderStack(Holding h, String site) {
        HolderStack trace = new HolderStack("stack of thread " + h.thread().getName() + " holding the connection borrowed at " + site);
        trace.setStackTrace(CallSites.insideBorrow(h.thread().getStackTrace()));
        return trace;
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
    }

    void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static final class SiteStats {
        final LongAdder leaks = new LongAdder();
        final LongAdder returnedLate = new LongAdder();
        final LongAdder revoked = new LongAdder();
        final AtomicLong longest = new AtomicLong();
    }

    /** Where a holder thread is right now, attached to leak, held-idle and revoke events. */
    static final class HolderStack extends Throwable {
        private static final long serialVersionUID = 1L;

        HolderStack(String message) {
            super(message, null, false, true);
        }
    }
}
