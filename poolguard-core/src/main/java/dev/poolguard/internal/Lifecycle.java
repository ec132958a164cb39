package dev.poolguard.internal;

import com.zaxxer.hikari.pool.HikariPool;
import dev.poolguard.DatabaseConfig;
import dev.poolguard.Durations;
import dev.poolguard.status.PoolStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How a database stops: the graceful close (new calls refused, background tasks drained, calls in flight given the
 * drain deadline, then the pool, the watchdog and the event thread closed), the JVM shutdown hook that runs it, and
 * undoing a start that failed half-way so a failed build leaves nothing running. The open, closing or closed state
 * itself is a field of {@link Engine}, since every call reads it.
 */
final class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger("dev.poolguard.Database");
    /** How long a call that passed the open check just before the close may take to show up as in flight. */
    private static final long GRACE_MILLIS = 10;

    private final Engine engine;
    /** A lock, not a monitor: close() sleeps while holding it, which pins a virtual thread's carrier on JDK 21. */
    private final ReentrantLock closeLock = new ReentrantLock();
    /** Set once while the engine starts, before it is published. */
    private Thread shutdownHook;

    Lifecycle(Engine engine) {
        this.engine = engine;
    }

    /** Closes the database when the JVM exits (SIGTERM included), with the same drain as {@link #close()}. */
    void registerShutdownHook() {
        shutdownHook = new Thread(engine::close, engine.config().poolName() + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Undoes a start that failed after the pool started: no connections, threads or reporters are left behind. */
    void undoStart(HikariPool startedPool, Watchdog startedWatchdog, Throwable failure) {
        engine.markClosed();
        engine.connector().closing();
        if (startedWatchdog != null) {
            startedWatchdog.close();
        }
        if (startedPool != null) {
            try {
                startedPool.shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        engine.events().close(Duration.ZERO);
    }

    /** Refuses new calls, lets in-flight ones finish within the drain deadline, then closes the pool. Idempotent. */
    void close() {
        closeLock.lock();
        try {
            if (!engine.beginClosing()) {
                return;
            }
            DatabaseConfig config = engine.config();
            long deadline = System.nanoTime() + config.drainTimeout().toNanos();
            engine.taskRunner().drain(deadline);
            sleepQuietly(GRACE_MILLIS);
            long calls = engine.inFlight();
            if (calls > 0) {
                log.info("Poolguard {} closing: draining {} in-flight calls (deadline {})", config.poolName(), calls,
                        Durations.format(config.drainTimeout()));
            }
            while (engine.inFlight() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (engine.inFlight() > 0) {
                log.warn("Poolguard {} drain deadline {} passed with calls still holding connections; aborting them: {}",
                        config.poolName(), Durations.format(config.drainTimeout()), engine.leaseRegistry().holdersSummary(engine.now(), 10));
            }
            PoolStatus last = engine.status();
            engine.connector().closing();
            try {
                engine.pool().shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.markClosed();
            engine.watchdog().close();
            engine.events().close(Duration.ofSeconds(2));
            log.info("Poolguard {} closed; final pool status before shutdown: {}", config.poolName(), last);
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down
                }
            }
        } finally {
            closeLock.unlock();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
