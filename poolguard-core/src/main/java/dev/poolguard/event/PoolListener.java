package dev.poolguard.event;

/**
 * Timings of the pool itself, for metrics binders ({@code poolguard-micrometer}). Called on the borrowing thread,
 * so implementations must be quick and must not throw. Register with {@link Database#addPoolListener}; with none
 * registered, HikariCP does not even take the timestamps.
 */
public interface PoolListener {

    /** A connection was handed out after waiting this long in the pool (not counting workload budgets). */
    default void connectionAcquired(long waitNanos) {
    }

    /** A connection came back after being held this long. */
    default void connectionReleased(long usedMillis) {
    }

    /** A borrow timed out. */
    default void borrowTimedOut() {
    }

    /** A physical connection was opened in this long. */
    default void connectionCreated(long millis) {
    }
}
