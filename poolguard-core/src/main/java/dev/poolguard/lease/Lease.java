package dev.poolguard.lease;

import dev.poolguard.LeaseInfo;
import dev.poolguard.Ticker;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;

/**
 * One borrow of one pool connection, from the moment Poolguard got it from the pool to the moment it went back.
 * Written by the holder thread, read by anyone (lease table, watchdog): the fields others read are volatile.
 *
 * <p>The holder's writes on the borrow path (start, statement marks) are release stores, not volatile ones: others
 * only need to see them soon, in order, not at once, and a volatile store's fence on every borrow and statement was a
 * measurable part of a borrow (see BENCHMARKS.md, "Lease writes").
 */
public final class Lease {

    private static final int ACTIVE = 0;
    private static final int RELEASED = 1;
    private static final int REVOKED = 2;
    /** Held, with COMMIT on the wire: it cannot be revoked until COMMIT returns (see {@link #beginCommit()}). */
    private static final int COMMITTING = 3;

    private final Connection connection;
    private final Ticker ticker;
    private final Object gate;
    private final int backendPid;
    private final Thread thread;
    private final long startNanos;
    private final long startEpochMillis;
    private final String workload;

    private volatile String callSite;
    private volatile String sql;
    private volatile boolean inTransaction;
    private volatile boolean statementRunning;
    private volatile long lastActivityNanos;
    private volatile int state; // ACTIVE (0), COMMITTING while COMMIT runs, until released or revoked
    private volatile String revocation;

    /** Watchdog bookkeeping: each is reported once per lease. */
    private volatile boolean leakReported;
    private volatile boolean heldIdleReported;

    /** Not registered in a slot of the {@link LeaseRegistry} (it spilled), or not registered yet. */
    static final int NO_SLOT = -1;
    static final int UNREGISTERED = -2;

    /** The registry slot holding this lease (registry only). */
    volatile int slot;

    /** Statements started on this lease (holder thread only); 0 means the connection is still untested. */
    private int statements;
    private dev.poolguard.guard.UnitOfWork unitOfWork;

    public Lease(Connection connection, int backendPid, Thread thread, long startNanos, long startEpochMillis, String workload,
                 String callSite, Ticker ticker, Object gate) {
        this.ticker = ticker;
        this.gate = gate;
        this.connection = connection;
        this.backendPid = backendPid;
        this.thread = thread;
        this.startNanos = startNanos;
        this.startEpochMillis = startEpochMillis;
        this.workload = workload;
        // Published to other threads by the registry's compare-and-set, which orders these before it.
        CALL_SITE.setRelease(this, callSite);
        LAST_ACTIVITY.setRelease(this, startNanos);
        SLOT.setRelease(this, UNREGISTERED);
    }

    public Connection connection() {
        return connection;
    }

    /**
     * The server process serving this connection ({@code pg_stat_activity.pid}), 0 if unknown. Read at the borrow:
     * after a socket timeout, when it is needed to end the abandoned backend, the driver can no longer tell it.
     */
    public int backendPid() {
        return backendPid;
    }

    public Thread thread() {
        return thread;
    }

    public long startNanos() {
        return startNanos;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    public String workload() {
        return workload;
    }

    /** Call site if already known (captured eagerly or resolved once), else {@code null}. */
    public String knownCallSite() {
        return callSite;
    }

    void resolvedCallSite(String site) {
        this.callSite = site;
    }

    public String sql() {
        return sql;
    }

    public boolean inTransaction() {
        return inTransaction;
    }

    public void inTransaction(boolean open) {
        IN_TRANSACTION.setRelease(this, open);
    }

    /** Marks a statement as started; called by the holder thread before it talks to the server. */
    public long statementStarted(String fingerprint) {
        long now = ticker.nanos();
        SQL.setRelease(this, fingerprint);
        this.statements++;
        STATEMENT_RUNNING.setRelease(this, true);
        LAST_ACTIVITY.setRelease(this, now);
        return now;
    }

    /**
     * A driver object Poolguard cannot see through was handed out (a handle unwrapped to the driver's interface):
     * counted as a statement, since what runs through it may write.
     */
    public void driverHandleUnwrapped() {
        this.statements++;
    }

    /** Marks the end of the current statement (rows read, result closed). */
    public long statementEnded() {
        long now = ticker.nanos();
        STATEMENT_RUNNING.setRelease(this, false);
        LAST_ACTIVITY.setRelease(this, now);
        return now;
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** The unit of work statements on this lease are counted in (N+1 detection), or null. */
    public dev.poolguard.guard.UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    public void unitOfWork(dev.poolguard.guard.UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    /** The engine's bookkeeping for this lease (its workload gate). */
    public Object gate() {
        return gate;
    }

    /**
     * Marks that COMMIT is about to be sent. From here until {@link #endCommit()} the lease cannot be revoked: aborting
     * the connection mid-COMMIT would turn a known outcome into an unknown one (the server may still commit) and tell
     * the caller "revoked" about work that was applied.
     *
     * @return false if the lease was revoked first; COMMIT must then not be sent
     */
    public boolean beginCommit() {
        return STATE.compareAndSet(this, ACTIVE, COMMITTING);
    }

    /** COMMIT returned or failed: the lease may be revoked again. */
    public void endCommit() {
        STATE.compareAndSet(this, COMMITTING, ACTIVE);
    }

    public boolean isCommitting() {
        return state == COMMITTING;
    }

    /** Statements started on this lease so far. */
    public int statements() {
        return statements;
    }

    /** Still held by its borrower: neither released nor revoked (a COMMIT may be running). */
    public boolean isActive() {
        int s = state;
        return s == ACTIVE || s == COMMITTING;
    }

    public boolean isRevoked() {
        return state == REVOKED;
    }

    /** Why and when the lease was revoked, or {@code null}. */
    public String revocation() {
        return revocation;
    }

    /** @return false if the lease was already revoked */
    public boolean markReleased() {
        return STATE.compareAndSet(this, ACTIVE, RELEASED);
    }

    /** @return true if this call revoked the lease (it was still active, and not committing) */
    public boolean markRevoked(String why) {
        revocation = why;
        return STATE.compareAndSet(this, ACTIVE, REVOKED);
    }

    private static final java.lang.invoke.VarHandle STATE = field("state", int.class);
    private static final java.lang.invoke.VarHandle CALL_SITE = field("callSite", String.class);
    private static final java.lang.invoke.VarHandle SQL = field("sql", String.class);
    private static final java.lang.invoke.VarHandle IN_TRANSACTION = field("inTransaction", boolean.class);
    private static final java.lang.invoke.VarHandle STATEMENT_RUNNING = field("statementRunning", boolean.class);
    private static final java.lang.invoke.VarHandle LAST_ACTIVITY = field("lastActivityNanos", long.class);
    static final java.lang.invoke.VarHandle SLOT = field("slot", int.class);

    private static java.lang.invoke.VarHandle field(String name, Class<?> type) {
        try {
            return java.lang.invoke.MethodHandles.lookup().findVarHandle(Lease.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** @return true the first time it is called: the lease is reported as a leak once. */
    public boolean markLeakReported() {
        if (leakReported) {
            return false;
        }
        leakReported = true;
        return true;
    }

    public boolean leakReported() {
        return leakReported;
    }

    /** @return true the first time it is called: held-idle is reported once per lease. */
    public boolean markHeldIdleReported() {
        if (heldIdleReported) {
            return false;
        }
        heldIdleReported = true;
        return true;
    }

    public long heldNanos(long nowNanos) {
        return nowNanos - startNanos;
    }

    public long idleNanos(long nowNanos) {
        return statementRunning ? 0L : Math.max(0L, nowNanos - lastActivityNanos);
    }

    LeaseInfo snapshot(String site, long nowNanos) {
        return new LeaseInfo(site, thread.getName(), Instant.ofEpochMilli(startEpochMillis),
                Duration.ofNanos(heldNanos(nowNanos)), workload, sql, inTransaction, Duration.ofNanos(idleNanos(nowNanos)),
                state == REVOKED);
    }
}
