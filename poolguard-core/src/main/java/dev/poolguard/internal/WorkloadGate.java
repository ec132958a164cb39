package dev.poolguard.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A workload's budget of pool connections. Callers over it wait here, holding no pool connection, so one flood of
 * background work cannot starve the rest. Unlimited workloads use {@link #UNLIMITED}, which never blocks.
 */
final class WorkloadGate {

    static final WorkloadGate UNLIMITED = new WorkloadGate("default", 0);

    final String workload;
    final int limit;
    private final Semaphore permits;

    WorkloadGate(String workload, int limit) {
        this.workload = workload;
        this.limit = limit;
        this.permits = limit > 0 ? new Semaphore(limit, true) : null;
    }

    static WorkloadGate unlimited(String workload) {
        return new WorkloadGate(workload, 0);
    }

    /** @return false if no permit came within the timeout */
    boolean acquire(long timeoutNanos) throws InterruptedException {
        return permits == null || permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    void release() {
        if (permits != null) {
            permits.release();
        }
    }

    /** Callers waiting for this workload's budget. */
    int waiting() {
        return permits == null ? 0 : permits.getQueueLength();
    }

    boolean limited() {
        return permits != null;
    }
}
