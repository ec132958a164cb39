package dev.poolguard.lease;

import dev.poolguard.LeaseInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every lease currently held, for snapshots, exhaustion messages and the watchdog. */
public final class LeaseRegistry {

    private final Set<Lease> active = ConcurrentHashMap.newKeySet();

    public void add(Lease lease) {
        active.add(lease);
    }

    public void remove(Lease lease) {
        active.remove(lease);
    }

    public int size() {
        return active.size();
    }

    public boolean isEmpty() {
        return active.isEmpty();
    }

    /** The live leases (a weakly consistent view). */
    public Iterable<Lease> active() {
        return active;
    }

    /** Immutable snapshot, longest held first, with call sites resolved. */
    public List<LeaseInfo> snapshot(long nowNanos) {
        List<Lease> leases = new ArrayList<>(active);
        leases.sort(Comparator.comparingLong(Lease::startNanos));
        List<LeaseInfo> out = new ArrayList<>(leases.size());
        for (Lease lease : leases) {
            out.add(lease.snapshot(callSiteOf(lease), nowNanos));
        }
        return List.copyOf(out);
    }

    /**
     * The lease's call site, read from the holder thread's stack the first time it is asked for. The holder is still
     * inside the scoped call that borrowed, so its stack shows the site; the result is cached on the lease.
     */
    public String callSiteOf(Lease lease) {
        String site = lease.knownCallSite();
        if (site != null) {
            return site;
        }
        int nth = 0;
        for (Lease other : active) {
            if (other != lease && other.thread() == lease.thread() && other.startNanos() < lease.startNanos()) {
                nth++;
            }
        }
        StackTraceElement[] stack = lease.thread().getStackTrace();
        site = CallSites.ofHolder(stack, nth);
        if (!CallSites.UNKNOWN.equals(site) && lease.isActive()) {
            lease.resolvedCallSite(site);
        }
        return site;
    }

    /**
     * Holders grouped by call site, most leases first: {@code site x12 longest 28.1s; site x3 longest 2.0s}.
     */
    public String holdersSummary(long nowNanos, int maxSites) {
        Map<String, long[]> bySite = new LinkedHashMap<>();
        for (Lease lease : active) {
            long[] countAndLongest = bySite.computeIfAbsent(callSiteOf(lease), k -> new long[2]);
            countAndLongest[0]++;
            countAndLongest[1] = Math.max(countAndLongest[1], lease.heldNanos(nowNanos));
        }
        if (bySite.isEmpty()) {
            return "none through Poolguard";
        }
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(bySite.entrySet());
        entries.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                .thenComparingLong(e -> -e.getValue()[1]));
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, long[]> e : entries) {
            if (shown++ == maxSites) {
                sb.append("; and ").append(entries.size() - maxSites).append(" more call sites");
                break;
            }
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(e.getKey()).append(" x").append(e.getValue()[0]).append(" longest ")
                    .append(seconds(e.getValue()[1]));
        }
        return sb.toString();
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
    }
}
