package dev.poolguard.internal.lease;

import dev.poolguard.status.LeaseInfo;
import dev.poolguard.Ticker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The lease slot of every physical connection of one pool, for the borrow path (the slot of the connection the pool
 * just lent) and for everyone who asks who holds connections (lease table, exhaustion messages, the watchdog).
 *
 * <p>A slot is registered when its connection is opened and stays for the connection's life, so a borrow neither
 * allocates nor registers: it finds its slot in an identity table (one hash of the connection, one probe) and writes
 * the borrow into it. The table is replaced whole when a connection is opened, which is rare; slots of connections
 * closed since are dropped then. The borrows they counted are kept, so {@link #borrows()} only grows.
 */
public final class LeaseRegistry {

    private final Ticker ticker;
    private final Predicate<Object> closed;
    private volatile Table table = new Table(new Object[8], new Lease[8], new Lease[0]);
    /** Borrows counted by slots dropped since (written under the registry's lock, read without). */
    private volatile long retiredBorrows;

    /**
     * A registry timing its slots with {@code ticker}, asking {@code closed} whether a connection was closed since
     * (its slot is then dropped when the next one is registered).
     */
    public LeaseRegistry(Ticker ticker, Predicate<Object> closed) {
        this.ticker = ticker;
        this.closed = closed;
    }

    /** The slot of {@code connection} (the physical connection, as the driver made it), or {@code null}. */
    public Lease slotOf(Object connection) {
        Table t = table;
        Object[] keys = t.keys;
        int mask = keys.length - 1;
        for (int i = System.identityHashCode(connection) & mask; ; i = (i + 1) & mask) {
            Object key = keys[i];
            if (key == connection) {
                return t.slots[i];
            }
            if (key == null) {
                return null;
            }
        }
    }

    /**
     * Registers a slot for a connection just opened, whose server process is {@code backendPid} (0 if unknown), with
     * the engine's per-connection COMMIT helper (or null).
     */
    public synchronized Lease register(Object connection, int backendPid, Object verifiedCommit) {
        Lease existing = slotOf(connection);
        if (existing != null) {
            return existing;
        }
        Table t = table;
        List<Object> keys = new ArrayList<>();
        List<Lease> slots = new ArrayList<>();
        for (int i = 0; i < t.keys.length; i++) {
            Object key = t.keys[i];
            if (key == null) {
                continue;
            }
            Lease slot = t.slots[i];
            if (!Lease.isHeld(slot.word()) && closed.test(key)) {
                retiredBorrows += slot.word() >>> 2;
                continue;
            }
            keys.add(key);
            slots.add(slot);
        }
        Lease lease = new Lease(backendPid, ticker, verifiedCommit);
        keys.add(connection);
        slots.add(lease);
        int size = Integer.highestOneBit(Math.max(4, keys.size()) * 2) * 2;
        Object[] newKeys = new Object[size];
        Lease[] newSlots = new Lease[size];
        for (int k = 0; k < keys.size(); k++) {
            int i = System.identityHashCode(keys.get(k)) & (size - 1);
            while (newKeys[i] != null) {
                i = (i + 1) & (size - 1);
            }
            newKeys[i] = keys.get(k);
            newSlots[i] = slots.get(k);
        }
        table = new Table(newKeys, newSlots, slots.toArray(new Lease[0]));
        return lease;
    }

    /** Every slot: of the connections open now, and of closed ones not dropped yet. */
    public List<Lease> slots() {
        return Arrays.asList(table.all);
    }

    /** The borrows held now, each read consistently. */
    public List<Holding> holdings() {
        Lease[] all = table.all;
        List<Holding> out = new ArrayList<>(all.length);
        for (Lease lease : all) {
            Holding h = lease.holding();
            if (h != null) {
                out.add(h);
            }
        }
        return out;
    }

    /** How many slots are held now. */
    public int held() {
        int n = 0;
        for (Lease lease : table.all) {
            if (lease.isActive()) {
                n++;
            }
        }
        return n;
    }

    public boolean isEmpty() {
        return held() == 0;
    }

    /** Borrows ever made through this registry's slots: what the retry budget counts calls by, and the clock's activity. */
    public long borrows() {
        long sum = retiredBorrows;
        for (Lease lease : table.all) {
            sum += lease.word() >>> 2;
        }
        return sum;
    }

    /** Immutable snapshot, longest held first, with call sites resolved. */
    public List<LeaseInfo> snapshot(long nowNanos) {
        List<Holding> holdings = holdings();
        holdings.sort(Comparator.comparingLong(Holding::startNanos));
        long nowMillis = System.currentTimeMillis();
        List<LeaseInfo> out = new ArrayList<>(holdings.size());
        for (Holding h : holdings) {
            long held = h.heldNanos(nowNanos);
            out.add(new LeaseInfo(callSiteOf(h, holdings), h.thread().getName(), Instant.ofEpochMilli(nowMillis - held / 1_000_000),
                    Duration.ofNanos(held), h.workload(), h.sql(), h.inTransaction(), Duration.ofNanos(h.idleNanos(nowNanos)), false));
        }
        return List.copyOf(out);
    }

    /** The borrow's call site: given at the borrow, or read from the holder thread's stack (and kept for the borrow). */
    public String callSiteOf(Holding holding) {
        return holding.callSite() != null ? holding.callSite() : callSiteOf(holding, holdings());
    }

    /**
     * The holder is still inside the scoped call that borrowed, so its stack shows the site; with borrows nested on one
     * thread, the {@code nth} borrow frame from the bottom of its stack is this one's.
     */
    private static String callSiteOf(Holding holding, List<Holding> all) {
        if (holding.callSite() != null) {
            return holding.callSite();
        }
        int nth = 0;
        for (Holding other : all) {
            if (other.lease() != holding.lease() && other.thread() == holding.thread() && other.depth() < holding.depth()) {
                nth++;
            }
        }
        String site = CallSites.ofHolder(holding.thread().getStackTrace(), nth);
        if (!CallSites.UNKNOWN.equals(site) && Lease.sameBorrow(holding.lease().word(), holding.word())) {
            holding.lease().resolvedCallSite(holding.word(), site);
        }
        return site;
    }

    /**
     * Holders grouped by call site, most leases first: {@code site x12 longest 28.1s; site x3 longest 2.0s}.
     */
    public String holdersSummary(long nowNanos, int maxSites) {
        List<Holding> holdings = holdings();
        Map<String, long[]> bySite = new LinkedHashMap<>();
        for (Holding h : holdings) {
            long[] countAndLongest = bySite.computeIfAbsent(callSiteOf(h, holdings), k -> new long[2]);
            countAndLongest[0]++;
            countAndLongest[1] = Math.max(countAndLongest[1], h.heldNanos(nowNanos));
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

    /** Keys (the physical connections) and their slots by identity, open addressing; and the slots, compact. */
    private static final class Table {
        final Object[] keys;
        final Lease[] slots;
        final Lease[] all;

        Table(Object[] keys, Lease[] slots, Lease[] all) {
            this.keys = keys;
            this.slots = slots;
            this.all = all;
        }
    }
}
