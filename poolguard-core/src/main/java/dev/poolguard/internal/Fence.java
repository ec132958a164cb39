package dev.poolguard.internal;

import dev.poolguard.ConnectionReleasedException;
import dev.poolguard.LeaseRevokedException;
import dev.poolguard.internal.lease.Lease;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;

/**
 * What handles given to callbacks (a raw connection, a transaction) are: once the callback returns, or the lease is
 * revoked, any use throws {@link ConnectionReleasedException} or {@link LeaseRevokedException} saying where the handle
 * was borrowed. One check covers both, and the lease being given back and lent again: the lease's state word must
 * still be the one the handle was made under. A <em>lent</em> fence guards a connection of the leased
 * {@code DataSource} instead: its {@code close()} ends the lease, and its failures are reported, since no callback
 * scope does either for it.
 */
abstract class Fence {

    final Lease lease;
    final Engine engine;
    private final int rowBudget;
    /** A connection of the leased {@code DataSource}, held until its {@code close()}, not a callback's handle. */
    final boolean lent;
    /** The borrow this handle belongs to. */
    private final long word;
    /** Where it was borrowed, for messages once the lease has moved on: the call site, else a {@link Borrower}. */
    private final Object origin;
    /** False while the callback runs; a field that starts false costs no store when the handle is made. */
    private volatile boolean closed;

    Fence(Lease lease, Engine engine, int rowBudget) {
        this(lease, engine, rowBudget, false);
    }

    Fence(Lease lease, Engine engine, int rowBudget, boolean lent) {
        this.lent = lent;
        this.lease = lease;
        this.engine = engine;
        this.rowBudget = rowBudget;
        this.word = lease.word();
        String site = lease.knownCallSite();
        this.origin = site != null ? site : new Borrower(lease.thread(), lease.startNanos());
    }

    /** What the handle is, for messages: {@code connection}, {@code transaction}. */
    abstract String what();

    /** The thread and time of a borrow whose call site was not known when the handle was made. */
    private record Borrower(Thread thread, long startNanos) {
    }

    final int rowBudget() {
        return rowBudget;
    }

    /** Lets the call through, or throws what says why it may not. */
    final void check() {
        if (closed || lease.word() != word) {
            throw refused();
        }
    }

    final boolean isOpen() {
        return !closed && lease.word() == word;
    }

    /**
     * The connection's own {@code close()}: harmless inside a callback, which gives it back itself; for a lent
     * connection, the end of its lease (once, and never a lease revoked since, whose connection is already gone).
     */
    final void connectionClosed() {
        if (lent && CLOSED.compareAndSet(this, false, true) && lease.word() == word) {
            engine.giveBack(lease);
        }
    }

    /** A JDBC call on a lent connection reached the server and failed: classified and reported (a callback's are, by its call). */
    final SQLException failed(String sql, SQLException failure) {
        if (lent) {
            engine.lentConnectionFailed(lease, sql, failure);
        }
        return failure;
    }

    /** The callback returned: every use from now on is refused. */
    final void end() {
        CLOSED.setRelease(this, true);
    }

    private RuntimeException refused() {
        long now = lease.word();
        if (!closed && Lease.sameBorrow(now, word) && Lease.isRevoked(now)) {
            return new LeaseRevokedException(what() + " used after its lease was revoked: " + lease.revocation()
                    + "; it was borrowed at " + borrowedAt());
        }
        return new ConnectionReleasedException(lent
                ? what() + " used after close(); the connection is back in the pool. It was borrowed at " + borrowedAt()
                        + "; borrow a new one from the DataSource instead of keeping this one"
                : what() + " used after its callback returned; the connection is back in the pool."
                        + " It was borrowed at " + borrowedAt() + "; do all work inside the callback and keep no reference to it");
    }

    /**
     * Where the handle was borrowed: the call site when it is known (captured with {@code captureCallSites(true)},
     * or resolved while held by the lease table or a leak report), else the thread and time of the borrow.
     */
    final String borrowedAt() {
        String known = origin instanceof String ? (String) origin : lease.callSiteFor(word);
        if (known != null) {
            return known;
        }
        Borrower b = (Borrower) origin;
        long heldMillis = (engine.now() - b.startNanos()) / 1_000_000;
        return "thread '" + b.thread().getName() + "' at " + java.time.Instant.ofEpochMilli(System.currentTimeMillis() - heldMillis)
                + " (set captureCallSites(true) to record the line)";
    }

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Fence.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
