package dev.poolguard.example.calls.demo;

import dev.poolguard.Database;
import dev.poolguard.event.DatabaseStats;
import dev.poolguard.status.PoolStatus;
import dev.poolguard.example.calls.CallsService;
import dev.poolguard.example.calls.ServiceStats;
import dev.poolguard.example.calls.streams.StreamStats;
import dev.poolguard.example.calls.support.PoolWaits;
import dev.poolguard.example.calls.telephony.DialRequest;
import dev.poolguard.example.calls.telephony.SimulatedTelephony;
import dev.poolguard.example.calls.telephony.TelephonyProvider;

import java.net.URI;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The demo's service instances: one or more {@link CallsService}s, each with its own pool and port, sharing one
 * database (directly or through a pooler) and one simulated provider that spreads its callbacks and streams over them
 * like a load balancer. Counters that are each instance's own are summed here; what lives in the shared database is
 * read once.
 */
final class Fleet {

    final List<CallsService> services;
    final SimulatedTelephony telephony;

    Fleet(List<CallsService> services, SimulatedTelephony telephony) {
        this.services = List.copyOf(services);
        this.telephony = telephony;
    }

    /** A provider handed to the instances before their ports (the provider's callback targets) are known. */
    static final class DeferredTelephony implements TelephonyProvider {
        volatile TelephonyProvider delegate;

        @Override
        public String dial(DialRequest request) {
            TelephonyProvider d = delegate;
            if (d == null) {
                throw new IllegalStateException("the simulated provider is not ready yet");
            }
            return d.dial(request);
        }
    }

    int size() {
        return services.size();
    }

    /** Any instance's database: for what every instance shares (calls, campaigns, the concurrency audit). */
    Database shared() {
        return services.get(0).db();
    }

    List<URI> urls() {
        return services.stream().map(CallsService::url).toList();
    }

    List<ServiceStats> stats() {
        return services.stream().map(CallsService::stats).toList();
    }

    /** Connections in use across every instance's pool now, and callers waiting for one. */
    int[] pools() {
        int active = 0;
        int waiting = 0;
        for (CallsService s : services) {
            PoolStatus p = s.db().diagnostics().status();
            active += p.active();
            waiting += p.waiting();
        }
        return new int[]{active, waiting};
    }

    int poolMax() {
        return services.stream().mapToInt(s -> s.db().diagnostics().status().max()).sum();
    }

    long sumDb(ToLongFunction<DatabaseStats> f) {
        return services.stream().mapToLong(s -> f.applyAsLong(s.db().diagnostics().stats())).sum();
    }

    static long sum(List<ServiceStats> stats, ToLongFunction<ServiceStats> f) {
        return stats.stream().mapToLong(f).sum();
    }

    /** Mean stream-start time over every instance's starts, in microseconds. */
    static double startMeanMicros(List<ServiceStats> stats) {
        long started = sum(stats, s -> s.streams().started());
        return started == 0 ? 0 : stats.stream().mapToDouble(s -> s.streams().startMeanMicros() * s.streams().started()).sum() / started;
    }

    static double startMaxMicros(List<ServiceStats> stats) {
        return stats.stream().mapToDouble(s -> s.streams().startMaxMicros()).max().orElse(0);
    }

    static double maxWaitMillis(List<ServiceStats> stats) {
        return stats.stream().map(ServiceStats::poolWaits).mapToDouble(PoolWaits.Snapshot::maxWaitMillis).max().orElse(0);
    }

    static long streamFailures(List<ServiceStats> stats) {
        return sum(stats, s -> {
            StreamStats st = s.streams();
            return st.failures().total() + st.badInput().total() + st.refused();
        });
    }

    void close() {
        for (CallsService s : services) {
            s.close();
        }
        telephony.close();
    }
}
