package dev.poolguard.internal;

import dev.poolguard.ConnectionReleasedException;
import dev.poolguard.lease.Lease;

/**
 * Guards handles given to callbacks (a raw connection, a transaction): once the callback returns, any use throws
 * {@link ConnectionReleasedException} saying where the handle was borrowed.
 */
final class Fence {

    private final String what;
    private final Lease lease;
    private final Engine engine;
    private final int rowBudget;
    private volatile boolean open = true;

    Fence(String what, Lease lease) {
        this(what, lease, null, 0);
    }

    Fence(String what, Lease lease, Engine engine, int rowBudget) {
        this.what = what;
        this.lease = lease;
        this.engine = engine;
        this.rowBudget = rowBudget;
    }

    /** The engine whose guard watches raw JDBC on this fence (null for transaction handles). */
    Engine engine() {
        return engine;
    }

    int rowBudget() {
        return rowBudget;
    }

    /**
     * Where the handle was borrowed: the call site when it is known (captured with {@code captureCallSites(true)},
     * or resolved while held by the lease table or a leak report), else the thread and time of the borrow.
     */
    String borrowedAt() {
        String site = lease.knownCallSite();
        return site != null ? site : "thread '" + lease.thread().getName() + "' at "
                + java.time.Instant.ofEpochMilli(lease.startEpochMillis()) + " (set captureCallSites(true) to record the line)";
    }

    Lease lease() {
        return lease;
    }

    void check() {
        if (!open) {
            throw new ConnectionReleasedException(what + " used after its callback returned; the connection is back in the pool."
                    + " It was borrowed at " + borrowedAt() + "; do all work inside the callback and keep no reference to it");
        }
        if (lease.isRevoked()) {
            throw new dev.poolguard.LeaseRevokedException(what + " used after its lease was revoked: " + lease.revocation()
                    + "; it was borrowed at " + borrowedAt());
        }
    }

    boolean isOpen() {
        return open;
    }

    void close() {
        open = false;
    }
}
