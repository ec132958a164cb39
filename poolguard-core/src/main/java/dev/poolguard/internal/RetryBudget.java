package dev.poolguard.internal;

import dev.poolguard.Ticker;

import java.util.concurrent.atomic.LongAdder;

/**
 * A token bucket that lets retries add at most {@code ratio} of the calls made, plus a floor of
 * {@code minRetriesPerSecond}, so an outage cannot turn into a retry storm (the same idea as gRPC's retry
 * throttling and Finagle's RetryBudget).
 *
 * <p>The engine's budget counts calls by the borrows its lease slots count anyway, so a call costs the budget nothing;
 * {@link #recordCall()} counts others. The bucket is only settled when a retry asks for a token.
 */
public final class RetryBudget {

    private final double ratio;
    private final double minRetriesPerSecond;
    private final double capacity;
    private final Ticker ticker;
    private final LongAdder calls = new LongAdder();
    /** Calls counted elsewhere. */
    private final java.util.function.LongSupplier counted;

    private long settledCalls;
    private long settledAtNanos;
    private double tokens;

    /** The budget {@code policy} describes, for one database, counting only the calls {@link #recordCall()} counts. */
    public static RetryBudget of(dev.poolguard.retry.RetryPolicy policy, Ticker ticker) {
        return of(policy, ticker, () -> 0);
    }

    /** The budget {@code policy} describes, for one database, also counting the calls {@code calls} says were made (it only grows). */
    public static RetryBudget of(dev.poolguard.retry.RetryPolicy policy, Ticker ticker, java.util.function.LongSupplier calls) {
        return new RetryBudget(policy.budgetRatio(), policy.minRetriesPerSecond(), policy.budgetCapacity(), ticker, calls);
    }

    RetryBudget(double ratio, double minRetriesPerSecond, double capacity, Ticker ticker, java.util.function.LongSupplier counted) {
        this.counted = counted;
        this.ratio = ratio;
        this.minRetriesPerSecond = minRetriesPerSecond;
        this.capacity = capacity;
        this.ticker = ticker;
        this.settledAtNanos = ticker.nanos();
        this.tokens = capacity;
    }

    /** Counts one call (first attempts only). */
    public void recordCall() {
        calls.increment();
    }

    /** Takes a token for one retry; {@code false} means the budget is spent and the caller must fail instead. */
    public synchronized boolean tryAcquire() {
        settle();
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** Tokens available now (for status and tests). */
    public synchronized double available() {
        settle();
        return tokens;
    }

    private void settle() {
        long now = ticker.nanos();
        long total = calls.sum() + counted.getAsLong();
        double earned = (total - settledCalls) * ratio + (now - settledAtNanos) / 1e9 * minRetriesPerSecond;
        tokens = Math.min(capacity, tokens + earned);
        settledCalls = total;
        settledAtNanos = now;
    }

    @Override
    public String toString() {
        return "RetryBudget{ratio=" + ratio + ", minRetriesPerSecond=" + minRetriesPerSecond + ", capacity=" + capacity + "}";
    }
}
