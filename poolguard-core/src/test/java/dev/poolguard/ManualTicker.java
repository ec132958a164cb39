package dev.poolguard;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves: leases, statements and the watchdog's judgments read it instead of real time. */
public final class ManualTicker implements Ticker {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanos() {
        return now.get();
    }

    public void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
