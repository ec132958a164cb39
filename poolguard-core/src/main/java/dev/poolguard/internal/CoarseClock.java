package dev.poolguard.internal;

import dev.poolguard.Ticker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * {@code System.nanoTime()} to the millisecond, read with one memory load: the clock leases and statements are timed
 * with. Hold times, idle times and slow statements are judged in milliseconds and up, and a borrow and a statement on
 * the hot path took six clock reads of about 20 ns each, more than HikariCP's whole borrow (see BENCHMARKS.md).
 *
 * <p>One daemon thread per JVM advances it every millisecond while any open database is borrowing. After a second in
 * which none borrowed it parks; the next read then takes {@code System.nanoTime()} itself and wakes it, so an idle
 * service pays no wake-ups and a busy one a thousand a second.
 */
final class CoarseClock implements Ticker {

    static final CoarseClock INSTANCE = new CoarseClock();

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Ticks between looks at whether anyone still borrows (a second). */
    private static final int TICKS_PER_CHECK = 1000;

    private static volatile long now = System.nanoTime();
    /** Whether {@link #now} is being advanced; readers take the precise clock while it is not. */
    private static volatile boolean ticking;
    /** Set by a reader that found the clock parked. */
    private static volatile boolean wanted;
    private static final List<LongSupplier> ACTIVITY = new CopyOnWriteArrayList<>();
    private static Thread thread;

    private CoarseClock() {
    }

    @Override
    public long nanos() {
        if (ticking) {
            return now;
        }
        return wake();
    }

    private static long wake() {
        wanted = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        return System.nanoTime();
    }

    /**
     * Keeps the clock going while {@code activity} (a count of borrows) moves; until {@link #release}. Databases register
     * when they open.
     */
    static synchronized void use(LongSupplier activity) {
        ACTIVITY.add(activity);
        if (thread == null) {
            thread = new Thread(CoarseClock::run, "poolguard-clock");
            thread.setDaemon(true);
            thread.start();
        }
        wanted = true;
        LockSupport.unpark(thread);
    }

    static synchronized void release(LongSupplier activity) {
        ACTIVITY.remove(activity);
        if (ACTIVITY.isEmpty() && thread != null) {
            ticking = false;
            thread.interrupt();
            thread = null;
        }
    }

    private static void run() {
        try {
            tick(Thread.currentThread());
        } finally {
            synchronized (CoarseClock.class) {
                if (thread == null) {
                    ticking = false; // nobody advances it any more: readers take the precise clock
                }
            }
        }
    }

    private static void tick(Thread self) {
        long seen = -1;
        int ticks = 0;
        while (!self.isInterrupted()) {
            now = System.nanoTime();
            ticking = true;
            LockSupport.parkNanos(TICK_NANOS);
            if (++ticks < TICKS_PER_CHECK) {
                continue;
            }
            ticks = 0;
            long borrows = activity();
            if (borrows != seen) {
                seen = borrows;
                continue;
            }
            // A second without a borrow: stop until a reader or a new database wants the time again.
            wanted = false;
            ticking = false;
            while (!wanted && !self.isInterrupted()) {
                LockSupport.park();
            }
            seen = -1;
        }
    }

    private static long activity() {
        long sum = 0;
        for (LongSupplier a : ACTIVITY) {
            sum += a.getAsLong();
        }
        return sum;
    }
}
