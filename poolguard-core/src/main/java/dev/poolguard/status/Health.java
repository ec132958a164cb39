package dev.poolguard.status;

import java.time.Instant;
import java.util.List;

/**
 * The database's health as judged without borrowing from the pool: the pool status, recent critical events, whether
 * new connections can be opened, and a probe on a connection of its own.
 *
 * @param status    UP, DEGRADED or DOWN
 * @param reasons   why it is not UP (empty when UP), each one line
 * @param pool      pool status when judged
 * @param probe     the latest probe (fresh or cached), or {@code null} when none was allowed
 * @param checkedAt when judged
 */
public record Health(Status status, List<String> reasons, PoolStatus pool, ConnectionCheck probe, Instant checkedAt) {

    public Health {
        reasons = List.copyOf(reasons);
    }

    /** Overall verdict. */
    public enum Status { UP, DEGRADED, DOWN }

    public boolean isUp() {
        return status == Status.UP;
    }

    @Override
    public String toString() {
        return status + (reasons.isEmpty() ? "" : " " + reasons) + " pool=[" + pool + "]";
    }
}
