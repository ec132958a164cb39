package dev.poolguard.internal.lease;

import dev.poolguard.Ticker;
import dev.poolguard.internal.sql.SqlShape;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;

/**
 * The lease slot of one physical connection: made once, when the connection is opened (its backend pid read then),
 * and lent again on every borrow of that connection, so a borrow allocates nothing and registers nowhere. Each borrow
 * is an epoch of the slot; its {@link #word() state word} says which epoch and whether it is held, committing, revoked
 * or idle, and everything that acts on a borrow from another thread (revoking it, reporting it once, a fenced handle's
 * check) compares against the word it saw, so nothing done for one borrow can touch the next.
 *
 * <p>The holder writes the borrow's fields and then publishes the word with a release store; other threads read the
 * borrow as a {@link Holding}, checking the word before and after (a seqlock), so a snapshot never mixes two borrows.
 * Writes on the borrow and statement paths are plain or release stores: a volatile store's fence on each was a
 * measurable part of a borrow (BENCHMARKS.md, "Lease writes").
 */
public final class Lease {

    private static final long STATUS = 3;
    private static final long IDLE = 0;
    private static final long HELD = 1;
    /** Held, with COMMIT on the wire: it cannot be revoked until COMMIT returns (see {@link #beginCommit()}). */
    private static final long COMMITTING = 2;
    private static final long REVOKED = 3;

    private final int backendPid;
    private final Ticker ticker;
    /** The engine's way to COMMIT and read the transaction id in one round trip on this connection, or null. */
    private final Object verifiedCommit;

    /** {@code epoch << 2 | status}: the borrow this slot is lent for now, and what became of it. */
    private volatile long state;

    // The current borrow, written by its holder before it publishes the word.
    private Connection connection;
    private Thread thread;
    private Object gate;
    private String workload;
    private String callSite;
    private long startNanos;
    /** How many borrows of this pool the holder thread had open when it made this one (they nest). */
    private int depth;
    private int statements;
    private dev.poolguard.guard.UnitOfWork unitOfWork;
    private volatile String sql;
    private volatile boolean inTransaction;
    private volatile boolean statementRunning;
    private volatile long lastActivityNanos;

    /**
     * The shapes of the last statements run on this connection, by their SQL string (direct-mapped on its hash):
     * code runs the same few statements over and over, often on the connection it had last (HikariCP lends a thread
     * its last connection first), and this spares the shared shape cache's look-up. The holder's only.
     */
    private final String[] recentSql = new String[RECENT];
    private final SqlShape[] recentShapes = new SqlShape[RECENT];
    private static final int RECENT = 4;

    // Written by other threads, each tagged with the word of the borrow it is about.
    private volatile String revocation;
    private volatile Resolved resolved;
    private volatile long leakReportedFor = -1;
    private volatile long heldIdleReportedFor = -1;

    /**
     * A slot for a connection whose server process is {@code backendPid} (0 if unknown), timed by {@code ticker};
     * {@code verifiedCommit} is the engine's per-connection COMMIT helper, or null.
     */
    public Lease(int backendPid, Ticker ticker, Object verifiedCommit) {
        this.backendPid = backendPid;
        this.ticker = ticker;
        this.verifiedCommit = verifiedCommit;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The holder's side

    /**
     * Lends the slot for a new borrow by the current thread of {@code connection}, the pool's handle on this slot's
     * physical connection, nested in {@code depth} other borrows of the same pool on this thread. The pool lends a
     * connection to one borrower at a time, so no other thread writes here now.
     *
     * @return the borrow's state word
     */
    public long lend(Connection connection, Object gate, String workload, String callSite, long nowNanos, int depth,
                     dev.poolguard.guard.UnitOfWork unitOfWork) {
        this.connection = connection;
        // Most borrows repeat the last one's thread, workload and site (HikariCP hands a thread its last connection):
        // a store only when they differ spares the garbage collector's barrier on this long-lived object.
        Thread current = Thread.currentThread();
        if (thread != current) {
            thread = current;
        }
        if (this.gate != gate) {
            this.gate = gate;
            this.workload = workload;
        }
        if (this.callSite != callSite) {
            this.callSite = callSite;
        }
        if (this.unitOfWork != unitOfWork) {
            this.unitOfWork = unitOfWork;
        }
        startNanos = nowNanos;
        this.depth = depth;
        statements = 0;
        if (sql != null) {
            SQL.setRelease(this, null);
        }
        if (inTransaction) {
            IN_TRANSACTION.setRelease(this, false);
        }
        STATEMENT_RUNNING.setRelease(this, false);
        LAST_ACTIVITY.setRelease(this, nowNanos);
        long word = (((state >>> 2) + 1) << 2) | HELD;
        STATE.setRelease(this, word);
        return word;
    }

    /**
     * The holder gives the slot back.
     *
     * @return false if the borrow was revoked (its connection aborted and evicted, its workload permit given back)
     */
    public boolean markReleased() {
        long word = state;
        return (word & STATUS) == HELD && STATE.compareAndSet(this, word, word & ~STATUS);
    }

    /** The pool's handle on the connection, for the current borrow. */
    public Connection connection() {
        return connection;
    }

    /**
     * The server process serving this connection ({@code pg_stat_activity.pid}), 0 if unknown. Read once, when the
     * connection was opened: after a socket timeout, when it is needed to end the abandoned backend, the driver can no
     * longer tell it, and a driver wrapper that reaches pgjdbc only through {@code unwrap} pays for the look-up once.
     */
    public int backendPid() {
        return backendPid;
    }

    /** What the engine made for this connection to COMMIT and read the transaction id in one round trip, or null. */
    public Object verifiedCommit() {
        return verifiedCommit;
    }

    /** The current borrow's word: which borrow, and whether it is held, committing, revoked or given back. */
    public long word() {
        return state;
    }

    public static boolean isHeld(long word) {
        long status = word & STATUS;
        return status == HELD || status == COMMITTING;
    }

    public static boolean isRevoked(long word) {
        return (word & STATUS) == REVOKED;
    }

    /** Whether {@code word} and {@code other} belong to the same borrow of this slot. */
    public static boolean sameBorrow(long word, long other) {
        return (word >>> 2) == (other >>> 2);
    }

    /** Whether the current borrow was revoked (the holder asks, while it still holds the slot). */
    public boolean isRevoked() {
        return isRevoked(state);
    }

    public boolean isCommitting() {
        return (state & STATUS) == COMMITTING;
    }

    /** Still held by its borrower: neither given back nor revoked (a COMMIT may be running). */
    public boolean isActive() {
        return isHeld(state);
    }

    /**
     * Marks that COMMIT is about to be sent. From here until {@link #endCommit()} the lease cannot be revoked: aborting
     * the connection mid-COMMIT would turn a known outcome into an unknown one (the server may still commit) and tell
     * the caller "revoked" about work that was applied.
     *
     * @return false if the lease was revoked first; COMMIT must then not be sent
     */
    public boolean beginCommit() {
        long word = state;
        return (word & STATUS) == HELD && STATE.compareAndSet(this, word, (word & ~STATUS) | COMMITTING);
    }

    /** COMMIT returned or failed: the lease may be revoked again. */
    public void endCommit() {
        long word = state;
        if ((word & STATUS) == COMMITTING) {
            STATE.compareAndSet(this, word, (word & ~STATUS) | HELD);
        }
    }

    public Thread thread() {
        return thread;
    }

    public long startNanos() {
        return startNanos;
    }

    public String workload() {
        return workload;
    }

    /** The engine's bookkeeping for this borrow (its workload gate). */
    public Object gate() {
        return gate;
    }

    /** The call site given at the borrow (withConnection and transaction know theirs), else {@code null}. */
    public String knownCallSite() {
        return callSite;
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

    /** The shape of {@code sql}, from this connection's recent statements or the shared cache. */
    public SqlShape shapeOf(String sql) {
        int i = sql.hashCode() & (RECENT - 1);
        if (recentSql[i] == sql) {
            return recentShapes[i];
        }
        SqlShape shape = SqlShape.of(sql);
        recentShapes[i] = shape;
        recentSql[i] = sql;
        return shape;
    }

    /** Marks a statement as started; called by the holder thread before it talks to the server. */
    public long statementStarted(String fingerprint) {
        long now = ticker.nanos();
        if (sql != fingerprint) {
            SQL.setRelease(this, fingerprint);
        }
        statements++;
        STATEMENT_RUNNING.setRelease(this, true);
        LAST_ACTIVITY.setRelease(this, now);
        return now;
    }

    /**
     * A driver object Poolguard cannot see through was handed out (a handle unwrapped to the driver's interface):
     * counted as a statement, since what runs through it may write.
     */
    public void driverHandleUnwrapped() {
        statements++;
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

    /** Statements started in this borrow so far; 0 means the connection is still untested. */
    public int statements() {
        return statements;
    }

    /** The unit of work statements in this borrow are counted in (N+1 detection), or null. */
    public dev.poolguard.guard.UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    public void unitOfWork(dev.poolguard.guard.UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    /** Whether the current borrow was reported as a leak (the holder asks when it gives the slot back). */
    public boolean leakReported() {
        return sameBorrow(leakReportedFor, state);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Everyone else's side: acts on the borrow whose word it saw

    /**
     * The borrow held now, read consistently, or {@code null} if the slot is not held. Allocates: for the lease table,
     * the watchdog and messages, never the borrow path.
     */
    public Holding holding() {
        for (int tries = 0; tries < 100; tries++) {
            long word = state;
            if (!isHeld(word)) {
                return null;
            }
            Holding h = new Holding(this, word, thread, startNanos, depth, workload, sql, inTransaction, statementRunning,
                    lastActivityNanos, callSiteFor(word));
            VarHandle.loadLoadFence();
            if (sameBorrow(state, word)) {
                return h;
            }
        }
        return null; // lent again and again while being read: there is nothing steady to show
    }

    /**
     * Revokes the borrow {@code word} names if it is still held and not committing.
     *
     * @return true if this call revoked it
     */
    public boolean markRevoked(long word, String why) {
        if ((word & STATUS) != HELD) {
            return false;
        }
        revocation = why;
        return STATE.compareAndSet(this, word, (word & ~STATUS) | REVOKED);
    }

    /** Why and when the borrow was revoked, or {@code null}. */
    public String revocation() {
        return isRevoked(state) ? revocation : null;
    }

    /** @return true the first time it is called for this borrow: a borrow is reported as a leak once. */
    public boolean markLeakReported(long word) {
        if (sameBorrow(leakReportedFor, word)) {
            return false;
        }
        leakReportedFor = word;
        return true;
    }

    /** @return true the first time it is called for this borrow: held-idle is reported once per borrow. */
    public boolean markHeldIdleReported(long word) {
        if (sameBorrow(heldIdleReportedFor, word)) {
            return false;
        }
        heldIdleReportedFor = word;
        return true;
    }

    /** The call site of the borrow {@code word}: given at the borrow, or resolved from the holder's stack; else null. */
    public String callSiteFor(long word) {
        String site = callSite;
        if (site != null && sameBorrow(state, word)) {
            return site;
        }
        Resolved r = resolved;
        return r != null && sameBorrow(r.word(), word) ? r.site() : null;
    }

    void resolvedCallSite(long word, String site) {
        resolved = new Resolved(word, site);
    }

    /** A call site read from the holder's stack, for the borrow {@code word} names. */
    private record Resolved(long word, String site) {
    }

    private static final VarHandle STATE = field("state", long.class);
    private static final VarHandle SQL = field("sql", String.class);
    private static final VarHandle IN_TRANSACTION = field("inTransaction", boolean.class);
    private static final VarHandle STATEMENT_RUNNING = field("statementRunning", boolean.class);
    private static final VarHandle LAST_ACTIVITY = field("lastActivityNanos", long.class);

    private static VarHandle field(String name, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(Lease.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
