package dev.poolguard.retry;


import java.time.Duration;

/**
 * How failed calls are retried: at most {@code maxAttempts} attempts, {@link Backoff} between them, and a
 * retry budget shared by every call of one database. Which failures are retried at all is decided by where
 * they happened (see the README's failure-handling section); the policy only bounds how much.
 *
 * <p>Values: build once, share freely.
 */
public final class RetryPolicy {

    /** One try and up to three retries. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(50);
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofSeconds(2);
    /** Retries may add at most 10% to the calls made... */
    public static final double DEFAULT_BUDGET_RATIO = 0.1;
    /** ...plus this many per second, so a quiet service can still ride out a blip. */
    public static final double DEFAULT_MIN_RETRIES_PER_SECOND = 10;
    /** Largest burst of retries the budget allows after a quiet spell. */
    public static final double DEFAULT_BUDGET_CAPACITY = 100;
    /** Opening a connection is retried quickly: recovery should follow the server by well under a second. */
    public static final Duration DEFAULT_CONNECT_BACKOFF_CAP = Duration.ofMillis(250);

    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Backoff backoff;
    private final Backoff connectBackoff;
    private final double budgetRatio;
    private final double minRetriesPerSecond;
    private final double budgetCapacity;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.connectBackoff = b.connectBackoff;
        this.budgetRatio = b.budgetRatio;
        this.minRetriesPerSecond = b.minRetriesPerSecond;
        this.budgetCapacity = b.budgetCapacity;
    }

    /** 4 attempts, exponential backoff with full jitter from 50ms capped at 2s, retries ≤ 10% of calls + 10/s. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** No retries at all (stale pooled connections are still replaced: that is not a retry of your work). */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Backoff backoff() {
        return backoff;
    }

    /** Backoff between attempts to open a connection while the server is unreachable, starting or full. */
    public Backoff connectBackoff() {
        return connectBackoff;
    }

    public double budgetRatio() {
        return budgetRatio;
    }

    public double minRetriesPerSecond() {
        return minRetriesPerSecond;
    }

    /** Most retries the budget lets through in a burst. */
    public double budgetCapacity() {
        return budgetCapacity;
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", budgetRatio=" + budgetRatio + ", minRetriesPerSecond="
                + minRetriesPerSecond + ", budgetCapacity=" + budgetCapacity + "}";
    }

    /** Builds a {@link RetryPolicy}; each method checks its value. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Backoff backoff = Backoff.exponentialWithFullJitter(DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_CAP);
        private Backoff connectBackoff = Backoff.exponentialWithFullJitter(Duration.ofMillis(10), DEFAULT_CONNECT_BACKOFF_CAP);
        private double budgetRatio = DEFAULT_BUDGET_RATIO;
        private double minRetriesPerSecond = DEFAULT_MIN_RETRIES_PER_SECOND;
        private double budgetCapacity = DEFAULT_BUDGET_CAPACITY;

        private Builder() {
        }

        /** Attempts including the first, 1 (no retries) to 20. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " is out of range 1..20");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = java.util.Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        public Builder connectBackoff(Backoff connectBackoff) {
            this.connectBackoff = java.util.Objects.requireNonNull(connectBackoff, "connectBackoff");
            return this;
        }

        /**
         * Retries may add at most {@code ratio} of calls (0 to 1) plus {@code minRetriesPerSecond} (0 to 1000),
         * bursting to at most {@code capacity} retries (1 to 100,000).
         */
        public Builder budget(double ratio, double minRetriesPerSecond, double capacity) {
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new IllegalArgumentException("budget ratio: " + ratio + " is out of range 0..1");
            }
            if (!(minRetriesPerSecond >= 0 && minRetriesPerSecond <= 1000)) {
                throw new IllegalArgumentException("budget minRetriesPerSecond: " + minRetriesPerSecond + " is out of range 0..1000");
            }
            if (!(capacity >= 1 && capacity <= 100_000)) {
                throw new IllegalArgumentException("budget capacity: " + capacity + " is out of range 1..100000");
            }
            this.budgetRatio = ratio;
            this.minRetriesPerSecond = minRetriesPerSecond;
            this.budgetCapacity = capacity;
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
