package dev.poolguard.status;

import java.time.Duration;
import java.time.Instant;

/**
 * An immutable snapshot of one borrowed connection: who holds it, since when, doing what.
 *
 * @param callSite      the first stack frame outside Poolguard, as {@code Class.method(File.java:line)}
 * @param thread        the holder thread's name
 * @param startedAt     when the connection was borrowed
 * @param heldFor       how long it has been held
 * @param workload      the workload the borrow counts against ({@code default} when unnamed)
 * @param sql           fingerprint of the statement running now or run last (no values), or {@code null}
 * @param inTransaction whether a transaction is open on it
 * @param idleFor       time since the last database activity on it ({@link Duration#ZERO} while a statement runs)
 * @param revoked       whether the lease was revoked by reclaim and its connection aborted
 */
public record LeaseInfo(String callSite, String thread, Instant startedAt, Duration heldFor, String workload, String sql,
                        boolean inTransaction, Duration idleFor, boolean revoked) {

    @Override
    public String toString() {
        return callSite + " thread=" + thread + " workload=" + workload + " held=" + heldFor.toMillis() + "ms idle="
                + idleFor.toMillis() + "ms" + (inTransaction ? " in-transaction" : "") + (sql == null ? "" : " sql=" + sql)
                + (revoked ? " REVOKED" : "");
    }
}
