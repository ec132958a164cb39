package dev.poolguard.internal.lease;

/**
 * One borrow of a {@link Lease} slot as another thread read it: consistent (all from the same borrow), and named by
 * its state word, which is what acting on it (revoking it, reporting it once) compares against.
 *
 * @param depth    how many borrows of the same pool its thread had open when it made this one
 * @param callSite the site given at the borrow or resolved since, else {@code null}
 */
public record Holding(Lease lease, long word, Thread thread, long startNanos, int depth, String workload, String sql,
                      boolean inTransaction, boolean statementRunning, long lastActivityNanos, String callSite) {

    public long heldNanos(long nowNanos) {
        return nowNanos - startNanos;
    }

    public long idleNanos(long nowNanos) {
        return statementRunning ? 0L : Math.max(0L, nowNanos - lastActivityNanos);
    }
}
