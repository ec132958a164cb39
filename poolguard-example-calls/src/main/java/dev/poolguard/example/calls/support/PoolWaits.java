package dev.poolguard.example.calls.support;

import dev.poolguard.event.PoolListener;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long callers waited for a connection from the pool: the longest wait, the mean, and borrows that timed out.
 * A {@link PoolListener}, so it costs two timestamps per borrow and nothing else.
 */
public final class PoolWaits implements PoolListener {

    /** The longest wait, the mean wait and the timed-out borrows, since start. */
    public record Snapshot(long borrows, double meanWaitMillis, double maxWaitMillis, long timeouts) {
    }

    private final LongAdder borrows = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final AtomicLong maxWaitNanos = new AtomicLong();
    private final LongAdder timeouts = new LongAdder();

    @Override
    public void connectionAcquired(long waitNanos) {
        borrows.increment();
        this.waitNanos.add(waitNanos);
        maxWaitNanos.accumulateAndGet(waitNanos, Math::max);
    }

    @Override
    public void borrowTimedOut() {
        timeouts.increment();
    }

    public Snapshot snapshot() {
        long n = borrows.sum();
        return new Snapshot(n, n == 0 ? 0 : waitNanos.sum() / 1e6 / n, maxWaitNanos.get() / 1e6, timeouts.sum());
    }
}
