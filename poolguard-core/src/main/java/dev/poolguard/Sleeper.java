package dev.poolguard;

/** Sleeps between retries. Injected so tests of retry policies never sleep. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = nanos -> {
        if (nanos > 0) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    void sleep(long nanos) throws InterruptedException;
}
