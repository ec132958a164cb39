package dev.poolguard.lease;

import dev.poolguard.LeaseInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every lease currently held, for snapshots, exhaustion messages and the watchdog.
 *
 * <p>Adding and removing are on every borrow, so they are a compare-and-set on a slot of an array sized to the pool
 * (a pool never lends more connections than it has), each thread starting its search at a slot of its own. A
 * concurrent set cost half of a borrow on a stub driver under 8 threads (its node allocation and size counter). A full
 * array, which the pool's bound rules out, spills into a set rather than fail.
 */
public final class LeaseRegistry {

    /** Multiplier spreading thread ids over the slots (the golden ratio, as in Fibonacci hashing). */
    private static final int SPREAD = 0x9E3779B9;

    private final AtomicReferenceArray<Lease> slots;
    private final Set<Lease> overflow = ConcurrentHashMap.newKeySet();

    /** A registry for at most {@code capacity} leases at once without spilling (the pool's maximum size). */
    public LeaseRegistry(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is below 1");
        }
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    public void add(Lease lease) {
        int n = slots.length();
        int start = Math.floorMod((int) Thread.currentThread().getId() * SPREAD, n);
        for (int k = 0; k < n; k++) {
            int i = start + k < n ? start + k : start + k - n;
            if (slots.get(i) == null && slots.compareAndSet(i, null, lease)) {
                Lease.SLOT.setRelease(lease, i);
                return;
            }
        }
        Lease.SLOT.setRelease(lease, Lease.NO_SLOT);
        overflow.add(lease);
    }

    /** Removes the lease; called by its holder on release, or by the watchdog when it revokes it. */
    public void remove(Lease lease) {
        int i = lease.slot;
        if (i >= 0) {
            slots.compareAndSet(i, lease, null);
        } else if (i == Lease.NO_SLOT) {
            overflow.remove(lease);
        } else {
            // Another thread found the lease between its slot's compare-and-set and the slot being recorded.
            for (int k = 0; k < slots.length(); k++) {
                if (slots.compareAndSet(k, lease, null)) {
                    return;
                }
            }
            overflow.remove(lease);
        }
    }

    public int size() {
        int n = overflow.size();
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** The live leases (a weakly consistent view, like a concurrent collection's iterator). */
    public Iterable<Lease> active() {
        return this::iterator;
    }

    private Iterator<Lease> iterator() {
        return new Iterator<>() {
            private int i;
            private final Iterator<Lease> spilled = overflow.iterator();
            private Lease next = advance();

            private Lease advance() {
                while (i < slots.length()) {
                    Lease lease = slots.get(i++);
                    if (lease != null) {
                        return lease;
                    }
                }
                return spilled.hasNext() ? spilled.next() : null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Lease next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Lease lease = next;
                next = advance();
                return lease;
            }
        };
    }

    /** Immutable snapshot, longest held first, with call sites resolved. */
    public List<LeaseInfo> snapshot(long nowNanos) {
        List<Lease> leases = new ArrayList<>();
        active().forEach(leases::add);
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
        for (Lease other : active()) {
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
        for (Lease lease : active()) {
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
