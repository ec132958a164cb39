package dev.poolguard;

import dev.poolguard.doctor.DoctorOptions;
import dev.poolguard.doctor.DoctorReport;
import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventReporter;
import dev.poolguard.event.PoolListener;
import dev.poolguard.internal.Engine;
import dev.poolguard.internal.doctor.Diagnosis;
import dev.poolguard.internal.doctor.Target;
import dev.poolguard.status.ConnectionCheck;
import dev.poolguard.event.DatabaseStats;
import dev.poolguard.status.Health;
import dev.poolguard.status.LeakSite;
import dev.poolguard.status.LeaseInfo;
import dev.poolguard.status.PoolStatus;
import dev.poolguard.status.WorkloadStatus;

import java.util.List;
import java.util.Objects;

/**
 * What a database is doing, in one place ({@code db.diagnostics()}): the questions asked at night when the pool is
 * exhausted (who holds the connections? is the server reachable? what happened just now?) and where a dashboard or a
 * metrics binder attaches to a running database. Every method answers without borrowing from the pool, so all of
 * them work while it is exhausted; the snapshots are immutable.
 */
public final class Diagnostics {

    private final Engine engine;

    Diagnostics(Engine engine) {
        this.engine = engine;
    }

    /** The pool right now: {@code total=5 active=1 idle=4 waiting=0 max=20}, and the route its connections take. */
    public PoolStatus status() {
        return engine.status();
    }

    /** Who holds connections right now, longest held first: call site, thread, workload, what it is doing. */
    public List<LeaseInfo> leases() {
        return engine.inspector().leases();
    }

    /**
     * UP, DEGRADED or DOWN with reasons (saturation, waiting callers, recent critical events, failing connects, a
     * failed probe), judged without borrowing from this pool: the probe uses a connection of its own and is cached
     * for 10 s.
     */
    public Health health() {
        return engine.inspector().health();
    }

    /** Counts since start: retries, stale connections replaced, events and errors by type, tasks (docs/observability.md). */
    public DatabaseStats stats() {
        return engine.inspector().stats();
    }

    /** Leak history per call site: leaks, returned late, revoked, still held. */
    public List<LeakSite> leakSites() {
        return engine.inspector().leakSites();
    }

    /** Each workload's limit, connections in use and callers waiting for its budget. */
    public List<WorkloadStatus> workloads() {
        return engine.inspector().workloads();
    }

    /** The most recent events (up to 500), oldest first. */
    public List<DiagnosticEvent> recentEvents() {
        return engine.events().recent();
    }

    /** One round trip on a probe connection of its own, bounded by a timeout; never throws, never hangs. */
    public ConnectionCheck testConnection() {
        return engine.inspector().testConnection();
    }

    /**
     * Diagnoses this database the way {@code ./poolguard doctor} does, with this pool's settings and the instance count
     * in {@code options} (start from {@code DoctorOptions.forConfig(db.config())}). Runs on a short-lived, read-only
     * connection of its own with a statement timeout, never on this pool, so it works while the pool is exhausted.
     */
    public DoctorReport doctor(DoctorOptions options) {
        return Diagnosis.run(Target.of(engine.config()), options);
    }

    /** {@link #doctor(DoctorOptions)} for one instance of this pool. */
    public DoctorReport doctor() {
        return doctor(DoctorOptions.forConfig(engine.config()).build());
    }

    /**
     * Adds a reporter to this running database (a dashboard, an error tracker); events from now on reach it, off the
     * caller's thread. Reporters that must see start-up events are given to {@link DatabaseBuilder#addReporter}.
     */
    public void addReporter(EventReporter reporter) {
        engine.events().addReporter(Objects.requireNonNull(reporter, "reporter"));
    }

    /**
     * Adds a listener told of every borrow, wait, release, timeout and connection opened (a metrics binder). Listeners
     * that must count from the first connection are given to {@link DatabaseBuilder#addPoolListener}.
     */
    public void addPoolListener(PoolListener listener) {
        engine.inspector().addPoolListener(Objects.requireNonNull(listener, "listener"));
    }
}
