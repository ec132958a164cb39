package dev.poolguard.internal;

import dev.poolguard.ConnectionReleasedException;
import dev.poolguard.lease.Lease;

/**
 * Guards handles given to callbacks (a raw connection, a transaction): once the callback returns, any use throws
 * {@link ConnectionReleasedException} saying where the handle was borrowed. A <em>lent</em> fence guards a connection
 * of the leased {@code DataSource} instead: its {@code close()} ends the lease, and its failures are reported, since
 * no callback scope does either for it.
 */
final class Fence {

    private final String what;
    private final Lease lease;
    private final Engine engine;
    private final int rowBudget;
    private final boolean lent;
    private volatile boolean open = true;

    Fence(String what, Lease lease) {
        this(what, lease, null, 0, false);
    }

    Fence(String what, Lease lease, Engine engine, int rowBudget) {
        this(what, lease, engine, rowBudget, false);
    }

    Fence(String what, Lease lease, Engine engine, int rowBudget, boolean lent) {
        this.what = what;
        this.lease = lease;
        this.engine = engine;
        this.rowBudget = rowBudget;
        this.lent = lent;
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
            throw new ConnectionReleasedException(lent
                    ? what + " used after close(); the connection is back in the pool. It was borrowed at " + borrowedAt()
                            + "; borrow a new one from the DataSource instead of keeping this one"
                    : what + " used after its callback returned; the connection is back in the pool."
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

    /** The connection's own {@code close()}: harmless inside a callback; for a lent connection it ends the lease. */
    void connectionClosed() {
        if (lent && open) {
            open = false;
            engine.giveBack(lease);
        }
    }

    /** A JDBC call on a lent connection failed: classified and reported (callbacks' failures are, by their call). */
    void failed(String sql, Throwable failure) {
        if (lent && failure instanceof java.sql.SQLException) {
            engine.lentConnectionFailed(lease, sql, (java.sql.SQLException) failure);
        }
    }
}
