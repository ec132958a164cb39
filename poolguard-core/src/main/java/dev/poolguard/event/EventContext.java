package dev.poolguard.event;

import dev.poolguard.status.PoolStatus;

/**
 * Where and in what state an event happened.
 *
 * @param callSite the first stack frame outside Poolguard, or {@code null} for background work of the pool itself
 * @param sql      the SQL fingerprint (no values), or {@code null}
 * @param attempt  the attempt number of the call (1 for the first), 0 when not a call
 * @param pool     pool status when the event was made
 * @param workload the workload of the call
 * @param thread   the thread that made the call
 */
public record EventContext(String callSite, String sql, int attempt, PoolStatus pool, String workload, String thread) {
}
