package dev.poolguard.internal;

import dev.poolguard.event.PoolListener;
import dev.poolguard.internal.lease.Holding;
import dev.poolguard.status.ConnectionCheck;
import dev.poolguard.event.DatabaseStats;
import dev.poolguard.status.Health;
import dev.poolguard.status.LeakSite;
import dev.poolguard.status.LeaseInfo;
import dev.poolguard.status.WorkloadStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers behind {@code db.diagnostics()}, read from the parts that hold them (the lease slots, the watchdog, the
 * workload gates, the event counts, the health judge) without borrowing from the pool, so each works while it is
 * exhausted. Kept apart from {@link Engine} so the call path and the questions asked about it can be read separately.
 */
public final class Inspector {

    private final Engine engine;

    Inspector(Engine engine) {
        this.engine = engine;
    }

    /** Who holds connections right now, longest held first. */
    public List<LeaseInfo> leases() {
        return engine.leaseRegistry().snapshot(engine.now());
    }

    public List<LeakSite> leakSites() {
        return engine.watchdog().leakSites();
    }

    /** Every workload seen so far with its limit, connections in use and callers waiting for its budget. */
    public List<WorkloadStatus> workloads() {
        Map<String, WorkloadGate> gates = engine.gates();
        Map<String, Integer> inUse = new TreeMap<>();
        inUse.put(CallOptions.DEFAULT_WORKLOAD, 0);
        gates.keySet().forEach(w -> inUse.put(w, 0));
        for (Holding h : engine.leaseRegistry().holdings()) {
            inUse.merge(h.workload(), 1, Integer::sum);
        }
        List<WorkloadStatus> out = new ArrayList<>();
        inUse.forEach((w, n) -> {
            WorkloadGate g = gates.get(w);
            out.add(new WorkloadStatus(w, g == null ? 0 : g.limit, n, g == null ? 0 : g.waiting()));
        });
        return List.copyOf(out);
    }

    /** Counts since start, each one documented in docs/observability.md. */
    public DatabaseStats stats() {
        long[] t = engine.taskRunner().counters();
        Events events = engine.events();
        Connector connector = engine.connector();
        return new DatabaseStats(engine.retries(), events.counts(), events.errorCounts(), events.dropped(), connector.opened(),
                connector.failed(), t[0], t[1], t[2], engine.staleConnectionsReplaced(), events.poolerRefusals());
    }

    public Health health() {
        return engine.healthJudge().health();
    }

    public ConnectionCheck testConnection() {
        return engine.healthJudge().testConnection();
    }

    public void addPoolListener(PoolListener listener) {
        engine.timings().add(listener, engine.pool());
    }
}
