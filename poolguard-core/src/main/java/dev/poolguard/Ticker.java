package dev.poolguard;

/** A monotonic nanosecond clock. Injected so tests advance time instead of sleeping. */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
