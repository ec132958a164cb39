package dev.poolguard.internal;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.pool.HikariPool;
import dev.poolguard.event.PoolListener;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bridge from HikariCP's timings (connection created, acquired, used, timed out) to the pool listeners a metrics
 * binder adds. HikariCP takes those timestamps only while a tracker is installed, so none is until the first listener.
 */
final class PoolTimings {

    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();

    PoolTimings(List<PoolListener> fromTheBuilder) {
        listeners.addAll(fromTheBuilder);
    }

    /** Whether any listener is registered (then HikariCP is given the tracker when the pool is made). */
    boolean listening() {
        return !listeners.isEmpty();
    }

    /** Adds a listener to a running pool; the first one makes HikariCP start taking the timestamps it reports. */
    synchronized void add(PoolListener listener, HikariPool pool) {
        boolean first = listeners.isEmpty();
        listeners.add(Objects.requireNonNull(listener, "listener"));
        if (first) {
            pool.setMetricsTrackerFactory(this::tracker);
        }
    }

    /** HikariCP's tracker for the pool, handing each timing to every listener. */
    IMetricsTracker tracker(String poolName, PoolStats stats) {
        return new IMetricsTracker() {
            @Override
            public void recordConnectionCreatedMillis(long millis) {
                listeners.forEach(l -> l.connectionCreated(millis));
            }

            @Override
            public void recordConnectionAcquiredNanos(long nanos) {
                listeners.forEach(l -> l.connectionAcquired(nanos));
            }

            @Override
            public void recordConnectionUsageMillis(long millis) {
                listeners.forEach(l -> l.connectionReleased(millis));
            }

            @Override
            public void recordConnectionTimeout() {
                listeners.forEach(PoolListener::borrowTimedOut);
            }
        };
    }
}
