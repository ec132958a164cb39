package dev.poolguard.retry;

import dev.poolguard.Durations;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** Delay before retry number {@code n} (1 for the first retry). */
@FunctionalInterface
public interface Backoff {

    /** The longest delay the factories accept: a caller waits through every retry. */
    Duration MAX_DELAY = Duration.ofHours(1);

    Duration delay(int retry);

    /** {@code min(cap, base * 2^(n-1))}; the cap at most 1h. */
    static Backoff exponential(Duration base, Duration cap) {
        requirePositive(base, cap);
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        return n -> Duration.ofNanos(exponentialNanos(baseNanos, capNanos, n));
    }

    /**
     * Exponential with full jitter: a uniform random delay in {@code [0, min(cap, base * 2^(n-1))]}, so clients
     * that failed together do not retry together.
     */
    static Backoff exponentialWithFullJitter(Duration base, Duration cap) {
        return exponentialWithFullJitter(base, cap, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** As above with the random source given, for deterministic tests. */
    static Backoff exponentialWithFullJitter(Duration base, Duration cap, DoubleSupplier random) {
        requirePositive(base, cap);
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        return n -> Duration.ofNanos((long) (random.getAsDouble() * exponentialNanos(baseNanos, capNanos, n)));
    }

    /** The same delay every time; 0 to 1h. */
    static Backoff fixed(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("backoff delay must not be negative, was " + delay);
        }
        Durations.requireAtMost("backoff delay", delay, MAX_DELAY);
        return n -> delay;
    }

    private static long exponentialNanos(long base, long cap, int n) {
        int shift = Math.max(0, Math.min(n - 1, 40));
        long value = base << shift;
        return value < 0 || value > cap || (value >> shift) != base ? cap : value;
    }

    private static void requirePositive(Duration base, Duration cap) {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be positive, was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap " + cap + " must not be below base " + base);
        }
        Durations.requireAtMost("backoff cap", cap, MAX_DELAY);
    }
}
