package dev.poolguard.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.pool.HikariPool;
import dev.poolguard.CommitOutcomeUnknownException;
import dev.poolguard.ConnectionCheck;
import dev.poolguard.ConnectionLostException;
import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.DatabaseClosedException;
import dev.poolguard.DatabaseConfig;
import dev.poolguard.DatabaseUnavailableException;
import dev.poolguard.DiagnosticEvent;
import dev.poolguard.EventContext;
import dev.poolguard.EventType;
import dev.poolguard.LeaseInfo;
import dev.poolguard.PoolStatus;
import dev.poolguard.PoolguardException;
import dev.poolguard.QueryFailedException;
import dev.poolguard.RetriesExhaustedException;
import dev.poolguard.Severity;
import dev.poolguard.TransactionCallback;
import dev.poolguard.classify.Classification;
import dev.poolguard.classify.ErrorClassifier;
import dev.poolguard.classify.ErrorKind;
import dev.poolguard.classify.RetryScope;
import dev.poolguard.lease.CallSites;
import dev.poolguard.lease.Lease;
import dev.poolguard.lease.LeaseRegistry;
import dev.poolguard.retry.RetryBudget;
import dev.poolguard.retry.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state behind every {@code Database} view of one pool, and the one primitive every call goes through:
 * {@link #call} borrows, runs the work, releases on every path, and retries what is safe to retry.
 */
public final class Engine {

    private static final Logger log = LoggerFactory.getLogger("dev.poolguard.Database");

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final Duration PROBE_TIMEOUT_CAP = Duration.ofSeconds(5);
    private static final Duration COMMIT_CHECK_WINDOW = Duration.ofSeconds(2);
    /** The workload background tasks run in. */
    public static final String TASK_WORKLOAD = "background";

    /** What a call does, which decides how its failures are named and retried. */
    public enum Kind {
        QUERY("query", true), QUERY_ONE("queryOne", true), UPDATE("update", false), TRANSACTION("transaction", false),
        RAW("withConnection", false);

        final String label;
        final boolean read;

        Kind(String label, boolean read) {
            this.label = label;
            this.read = read;
        }
    }

    /** Work done while holding a lease. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Lease lease) throws SQLException;
    }

    private final DatabaseConfig config;
    private final ErrorClassifier classifier;
    private final RetryPolicy retryPolicy;
    private final RetryBudget budget;
    private final Connector connector;
    private final HikariPool pool;
    private final Events events;
    private final LeaseRegistry leases = new LeaseRegistry();
    private final ThreadLocal<ThreadState> threadState = ThreadLocal.withInitial(ThreadState::new);
    private final Map<String, WorkloadGate> gates = new java.util.concurrent.ConcurrentHashMap<>();
    private final dev.poolguard.Ticker ticker;
    private final Watchdog watchdog;
    private final TaskRunner tasks;
    private final Guard guard;
    private final Object closeLock = new Object();
    private volatile int state = OPEN;
    /** Calls between entering the primitive and releasing their lease; close() drains them. */
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final Thread shutdownHook;

    public Engine(DatabaseConfig config) {
        this.config = config;
        this.classifier = config.classifier();
        this.retryPolicy = config.retryPolicy();
        this.budget = retryPolicy.newBudget(config.ticker());
        this.ticker = config.ticker();
        this.events = new Events(config.reporters(), config.poolName());
        this.guard = new Guard(this, config.queryGuard());
        config.workloadLimits().forEach((name, limit) -> gates.put(name, new WorkloadGate(name, limit)));
        this.connector = new Connector(config, classifier, retryPolicy.connectBackoff(), config.sleeper());
        this.pool = new HikariPool(hikariConfig(config, connector));
        connector.retryWhile(() -> state == OPEN && (pool.getThreadsAwaitingConnection() > 0
                || pool.getTotalConnections() < config.minIdle()), this::connectFailed);
        this.watchdog = new Watchdog(this, leases, config.leakThreshold(), config.heldIdleThreshold(), config.reclaimAfter(),
                config.poolName());
        this.tasks = new TaskRunner(this, options(TASK_WORKLOAD), config.taskThreads(), config.taskQueueCapacity(), config.poolName());
        if (config.registerShutdownHook()) {
            shutdownHook = new Thread(this::close, config.poolName() + "-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
        log.info("Poolguard {} started: {}", config.poolName(), config);
    }

    private static HikariConfig hikariConfig(DatabaseConfig config, Connector connector) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(config.poolName());
        h.setDataSource(connector);
        h.setMaximumPoolSize(config.maxPoolSize());
        h.setMinimumIdle(config.minIdle());
        h.setIdleTimeout(config.idleTimeout().toMillis());
        h.setConnectionTimeout(config.connectionTimeout().toMillis());
        h.setMaxLifetime(config.maxLifetime().toMillis());
        h.setKeepaliveTime(config.keepaliveTime().toMillis());
        h.setValidationTimeout(Math.max(250, Math.min(5000, config.connectionTimeout().toMillis() / 2)));
        // Start even when the database is asleep or down: serverless computes wake on the first connect.
        h.setInitializationFailTimeout(-1);
        h.setAutoCommit(true);
        // Poolguard's own leak detection replaces HikariCP's (it knows the call site and the workload).
        h.setLeakDetectionThreshold(0);
        h.validate();
        return h;
    }

    public DatabaseConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The primitive

    /**
     * Runs {@code work} on a leased connection, releases it on every path and retries what is safe. A call made on a
     * thread with an open transaction of this engine joins that transaction's connection (and is never retried on
     * its own: the transaction is). {@code callSite} is given by handles that must name their origin, else null.
     */
    public <T> T call(Kind kind, String sql, CallOptions options, String callSite, Work<T> work) {
        ThreadState ts = threadState.get();
        inFlight.increment();
        try {
            // Checked after counting, so close() cannot miss a call that got in. While closing, work already in
            // flight (a call inside another call's callback, a draining task) may still call.
            if (state != OPEN && !(state == CLOSING && (ts.depth > 0 || ts.taskOptions != null))) {
                throw closedException();
            }
            if (ts.transaction != null) {
                return onLease(ts.transaction, kind, sql, work);
            }
            if (ts.taskOptions != null && options.isDefaultWorkload()) {
                options = options.idempotent() ? ts.taskOptions.asIdempotent() : ts.taskOptions;
            }
            budget.recordCall();
            ts.depth++;
            try {
                return withLease(kind, sql, options, callSite, work, ts.unitOfWork);
            } finally {
                ts.depth--;
            }
        } finally {
            inFlight.decrement();
        }
    }

    /** A transaction: joins the one open on this thread, or borrows, commits, and reruns it whole where safe. */
    public <T> T transaction(CallOptions options, TransactionCallback<T> callback) {
        Lease joined = threadState.get().transaction;
        return call(Kind.TRANSACTION, null, options, eagerCallSite(), joined != null
                ? Calls.joined(this, callback)
                : Calls.transaction(this, callback, config.verifyCommits()));
    }

    /** The call site now if {@code captureCallSites} is on (about 2.5 µs a call), else null: resolved on demand. */
    public String eagerCallSite() {
        return config.captureCallSites() ? CallSites.here() : null;
    }

    /** Runs work on a lease the caller already holds (a transaction handle), translating failures. */
    public <T> T onLease(Lease lease, Kind kind, String sql, Work<T> work) {
        try {
            return work.run(lease);
        } catch (SQLException e) {
            Classification c = classifier.classify(e);
            throw translate(kind, sql, e, c, 1, null);
        }
    }

    /**
     * The retry loop around one borrow per attempt. Its frame is how holders' call sites are found on their stacks
     * (see {@link CallSites}): keep the name in sync.
     */
    @SuppressWarnings("unchecked")
    private <T> T withLease(Kind kind, String sql, CallOptions options, String callSite, Work<T> work,
                            dev.poolguard.guard.UnitOfWork unitOfWork) {
        int attempt = 1;
        int staleReplaced = 0;
        while (true) {
            Lease lease = acquire(kind, sql, options, callSite, attempt);
            lease.unitOfWork(unitOfWork);
            Throwable failure;
            int abandonedBackend = 0;
            try {
                return work.run(lease);
            } catch (Throwable t) {
                failure = t;
                abandonedBackend = socketTimedOut(t) ? lease.backendPid() : 0;
            } finally {
                release(lease);
            }
            if (abandonedBackend != 0) {
                terminateAbandoned(abandonedBackend);
            }
            String site = callSite != null ? callSite : CallSites.here();
            if (lease.isRevoked()) {
                if (failure instanceof dev.poolguard.LeaseRevokedException) {
                    throw (dev.poolguard.LeaseRevokedException) failure;
                }
                throw new dev.poolguard.LeaseRevokedException(kind.label + " used a lease that was revoked: " + lease.revocation()
                        + "; borrowed at " + site, failure);
            }
            if (failure instanceof CommitFailure) {
                CommitFailure cf = (CommitFailure) failure;
                Classification c = classifier.classify(cf.sqlCause());
                CommitOutcome outcome = c.kind() == ErrorKind.SERIALIZATION_FAILURE || c.kind() == ErrorKind.DEADLOCK
                        ? CommitOutcome.ABORTED : resolveCommit(cf, c);
                if (outcome == CommitOutcome.COMMITTED) {
                    emit(EventType.RETRY, Severity.INFO, "COMMIT lost its connection but the transaction committed"
                            + " (verified with txid_status); returning its result", c, site, sql, attempt, options, cf.sqlCause());
                    return (T) cf.result;
                }
                if (outcome == CommitOutcome.UNKNOWN && !options.idempotent()) {
                    CommitOutcomeUnknownException e = new CommitOutcomeUnknownException("transaction lost its connection during"
                            + " COMMIT and its outcome could not be verified (" + c.reason() + "; " + Redaction.message(cf.sqlCause())
                            + "); not retried because it may have committed: check the data, or run idempotent work through"
                            + " db.idempotent().transaction(...)", cf.sqlCause(), attempt, c);
                    emit(EventType.CONNECTION_ERROR, Severity.ERROR, e.getMessage(), c, site, sql, attempt, options, e);
                    throw e;
                }
                failure = cf.sqlCause();
            }
            Classification c = classifier.classify(failure);
            if (c.connectionTerminated()) {
                replaceLostConnections();
            }
            Retry retry = decide(kind, options, failure, c, lease, staleReplaced);
            if (retry == Retry.STALE) {
                staleReplaced++;
                emit(EventType.RETRY, Severity.INFO, kind.label + " found a stale pooled connection (" + c.reason()
                        + "); replaced it and ran again", c.withExpected(true, Severity.INFO), site, sql, attempt, options, failure);
                continue;
            }
            if (retry == Retry.NO) {
                throw finalFailure(kind, sql, failure, c, attempt, site, options, whyNot(kind, c));
            }
            if (attempt >= retryPolicy.maxAttempts()) {
                throw exhausted(kind, sql, failure, c, attempt, site, options,
                        "retries exhausted (maxAttempts " + retryPolicy.maxAttempts() + ")");
            }
            if (!budget.tryAcquire()) {
                throw exhausted(kind, sql, failure, c, attempt, site, options, "retry budget spent (retries are capped at "
                        + Math.round(retryPolicy.budgetRatio() * 100) + "% of calls + " + retryPolicy.minRetriesPerSecond() + "/s)");
            }
            Duration delay = retryPolicy.backoff().delay(attempt);
            retries.increment();
            emit(EventType.RETRY, c.expected() ? Severity.INFO : Severity.WARNING, kind.label + " failed (" + c.reason()
                    + "); retrying in " + delay.toMillis() + "ms", c, site, sql, attempt, options, failure);
            try {
                config.sleeper().sleep(delay.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw finalFailure(kind, sql, failure, c, attempt, site, options, "interrupted while waiting to retry");
            }
            attempt++;
        }
    }

    private enum Retry { NO, STALE, BUDGETED }

    private static boolean socketTimedOut(Throwable t) {
        for (Throwable c : ErrorClassifier.chain(t)) {
            if (c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static int backendPid(Connection connection) {
        try {
            return connection.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        } catch (SQLException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * After a socket timeout the server is still running the statement and holding its locks, though nobody will
     * read the answer. End that backend so a retry (or anyone else) is not blocked behind it.
     */
    private void terminateAbandoned(int pid) {
        try (Connection c = pool.getConnection(Math.min(2000, config.connectionTimeout().toMillis()));
             PreparedStatement ps = c.prepareStatement("select pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
            log.info("Poolguard terminated backend {} whose statement outlived socketTimeout, releasing its locks", pid);
        } catch (SQLException e) {
            log.debug("Could not terminate abandoned backend {}", pid, e);
        }
    }

    /**
     * Decides by where the failure happened (errors.md, "Retry rules"): a stale pooled connection failing its first
     * statement is replaced; reads retry on connection loss; transactions rerun whole; writes outside a transaction
     * only when declared idempotent or when nothing can have run.
     */
    private Retry decide(Kind kind, CallOptions options, Throwable failure, Classification c, Lease lease, int staleReplaced) {
        if (c.retry() == RetryScope.NONE || failure instanceof Error) {
            return Retry.NO;
        }
        boolean firstStatement = lease.statements() <= 1;
        // A socket timeout means the server was alive and slow, not that the pooled connection was stale.
        if (firstStatement && c.kind() == ErrorKind.CONNECTION_LOST && staleReplaced <= config.maxPoolSize() && !socketTimedOut(failure)) {
            boolean nothingRan = "57P01".equals(c.sqlState()) || "57P05".equals(c.sqlState()) || "08003".equals(c.sqlState());
            if (kind.read || kind == Kind.TRANSACTION || options.idempotent() || nothingRan) {
                return Retry.STALE;
            }
        }
        if (kind.read || kind == Kind.TRANSACTION || options.idempotent() || c.retry() == RetryScope.CONNECT) {
            return Retry.BUDGETED;
        }
        return Retry.NO;
    }

    private static String whyNot(Kind kind, Classification c) {
        if (c.retry() == RetryScope.NONE) {
            return "not retried: " + c.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " errors are never retried";
        }
        return "not retried: " + (kind == Kind.UPDATE ? "an update" : "raw JDBC work") + " outside a transaction may already"
                + " have been applied; declare idempotent work with db.idempotent() to allow retries";
    }

    private enum CommitOutcome { COMMITTED, ABORTED, UNKNOWN }

    /** Asks the server, on another connection, whether a transaction whose COMMIT was cut off committed. */
    private CommitOutcome resolveCommit(CommitFailure cf, Classification c) {
        if (!c.connectionTerminated()) {
            return CommitOutcome.ABORTED; // the server answered COMMIT with an error: it rolled back
        }
        if (cf.xid == null) {
            return CommitOutcome.COMMITTED; // it wrote nothing, so there is nothing to lose or to apply twice
        }
        long deadline = System.nanoTime() + COMMIT_CHECK_WINDOW.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Connection conn = pool.getConnection(config.connectionTimeout().toMillis());
                try (PreparedStatement ps = conn.prepareStatement("select txid_status(?)")) {
                    ps.setLong(1, cf.xid);
                    try (ResultSet rs = ps.executeQuery()) {
                        String status = rs.next() ? rs.getString(1) : null;
                        if ("committed".equals(status)) {
                            return CommitOutcome.COMMITTED;
                        }
                        if ("aborted".equals(status)) {
                            return CommitOutcome.ABORTED;
                        }
                        if (status == null) {
                            return CommitOutcome.UNKNOWN;
                        }
                    }
                } finally {
                    conn.close();
                }
                config.sleeper().sleep(TimeUnit.MILLISECONDS.toNanos(50)); // in progress: the old backend is finishing
            } catch (SQLException e) {
                log.debug("Checking a commit outcome failed; trying again", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CommitOutcome.UNKNOWN;
            }
        }
        return CommitOutcome.UNKNOWN;
    }

    private Lease acquire(Kind kind, String sql, CallOptions options, String callSite, int attempt) {
        long start = System.nanoTime();
        if (connector.isFailing() && pool.getTotalConnections() == 0) {
            SQLException last = connector.lastFailure();
            if (last != null && classifier.classify(last).retry() == RetryScope.NONE) {
                // Wrong credentials or database: waiting cannot help, so say so at once.
                throw borrowFailure(kind, sql, options, last, 0, callSite, attempt);
            }
        }
        long timeout = config.connectionTimeout().toNanos();
        WorkloadGate gate = options.gate;
        try {
            if (!gate.acquire(timeout)) {
                throw workloadExhausted(kind, sql, options, System.nanoTime() - start, callSite, attempt);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionUnavailableException(kind.label + " was interrupted while waiting for workload '"
                    + options.workload() + "'" + sqlSuffix(sql), e, text(sql), attempt);
        }
        Connection connection;
        try {
            long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout - (System.nanoTime() - start)));
            connection = pool.getConnection(remaining);
        } catch (SQLException e) {
            gate.release();
            throw borrowFailure(kind, sql, options, e, System.nanoTime() - start, callSite, attempt);
        } catch (RuntimeException | Error e) {
            gate.release();
            throw e;
        }
        Lease lease = new Lease(connection, backendPid(connection), Thread.currentThread(), ticker.nanos(), System.currentTimeMillis(),
                options.workload(), callSite, ticker, gate);
        leases.add(lease);
        return lease;
    }

    private void release(Lease lease) {
        leases.remove(lease);
        if (!lease.markReleased()) {
            return; // revoked: its connection was aborted and evicted, its workload permit given back
        }
        try {
            lease.connection().close();
        } catch (SQLException e) {
            log.debug("Returning a connection to the pool failed; HikariCP evicts it", e);
        } finally {
            ((WorkloadGate) lease.gate()).release();
            if (lease.leakReported()) {
                watchdog.returned(lease, ticker.nanos());
            }
        }
    }

    /**
     * Takes a lease's connection back from its holder: aborts the physical connection (waking a holder blocked on
     * it), evicts it so the pool opens another, and gives back the workload permit.
     */
    boolean revoke(Lease lease, String why) {
        if (!lease.markRevoked(why)) {
            return false;
        }
        leases.remove(lease);
        try {
            lease.connection().unwrap(Connection.class).abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            log.debug("Aborting a revoked connection failed", e);
        }
        try {
            pool.evictConnection(lease.connection()); // the proxy is still open, so HikariCP removes it at once
        } catch (RuntimeException e) {
            log.debug("Evicting a revoked connection failed", e);
        }
        ((WorkloadGate) lease.gate()).release();
        replaceLostConnections();
        return true;
    }

    /**
     * HikariCP refills only up to minIdle after it evicts a connection, so callers already waiting when connections
     * die would wait out their whole timeout. Ask it to open connections for them.
     */
    private void replaceLostConnections() {
        int waiting = pool.getThreadsAwaitingConnection();
        if (waiting > 0 && pool.getTotalConnections() < config.maxPoolSize()) {
            pool.addBagItem(waiting);
        }
    }

    /** Marks the lease as the open transaction of this thread (or clears it with {@code null}). */
    public void bindTransaction(Lease lease) {
        threadState.get().transaction = lease;
    }

    /** The options of a workload view: its name and its gate (a budget if one is configured). */
    public CallOptions options(String workload) {
        if (workload == null || !workload.matches("[A-Za-z0-9_.-]{1,63}")) {
            throw new IllegalArgumentException("workload name '" + workload + "' must be 1 to 63 letters, digits, '_', '.' or '-'");
        }
        if (workload.equals(CallOptions.DEFAULT_WORKLOAD)) {
            return CallOptions.DEFAULT;
        }
        return new CallOptions(workload, false, gates.computeIfAbsent(workload, WorkloadGate::unlimited));
    }

    /** Runs a background task's work with its workload and context bound to this thread. */
    void runAsTask(CallOptions taskOptions, Map<String, String> context, dev.poolguard.tasks.Task task) throws Exception {
        ThreadState ts = threadState.get();
        ts.taskOptions = taskOptions;
        ts.taskContext = context;
        try {
            task.run();
        } finally {
            ts.taskOptions = null;
            ts.taskContext = null;
        }
    }

    public dev.poolguard.tasks.BackgroundTasks tasks() {
        return tasks;
    }

    long now() {
        return ticker.nanos();
    }

    Guard guard() {
        return guard;
    }

    /** The SQL to send: with the call-site comment when {@code sqlComments} is on. */
    String sqlToSend(dev.poolguard.guard.SqlShape shape, String sql) {
        return config.sqlComments() ? shape.stamped(sql, config.applicationName(), CallSites::here) : sql;
    }

    /** Turns strict query-guard mode on or off at run time (test extensions); returns the previous state. */
    public boolean strictQueries(boolean strict) {
        return guard.strict(strict);
    }

    /**
     * Opens a unit of work bound to this thread (N+1 detection counts inside it), or joins the one already open: the
     * returned handle then closes nothing.
     */
    public dev.poolguard.guard.UnitOfWork beginUnitOfWork(String name) {
        ThreadState ts = threadState.get();
        if (ts.unitOfWork != null) {
            return new dev.poolguard.guard.UnitOfWork(name, () -> { });
        }
        dev.poolguard.guard.UnitOfWork[] holder = new dev.poolguard.guard.UnitOfWork[1];
        holder[0] = new dev.poolguard.guard.UnitOfWork(name, () -> {
            if (ts.unitOfWork == holder[0]) {
                ts.unitOfWork = null;
            }
        });
        ts.unitOfWork = holder[0];
        return holder[0];
    }

    void emitGuardEvent(EventType type, Severity severity, String message, String site, String sql, Lease lease) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("rule", type.name().toLowerCase(java.util.Locale.ROOT));
        Map<String, String> taskContext = threadState.get().taskContext;
        if (taskContext != null) {
            taskContext.forEach(tags::putIfAbsent);
        }
        EventContext context = new EventContext(site, sql == null ? null : dev.poolguard.guard.SqlShape.of(sql).fingerprint(), 0,
                status(), lease.workload(), Thread.currentThread().getName());
        events.emit(DiagnosticEvent.of(type, severity, message, tags, context, null));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Failures and events

    private PoolguardException borrowFailure(Kind kind, String sql, CallOptions options, SQLException e, long elapsedNanos,
                                             String callSite, int attempt) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        String site = callSite != null ? callSite : CallSites.here();
        if (Thread.currentThread().isInterrupted()) {
            Classification c = classifier.classify(e);
            return new ConnectionUnavailableException(kind.label + " was interrupted while waiting " + elapsedMs
                    + "ms for a connection (" + status() + ")" + sqlSuffix(sql), e, text(sql), attempt, c);
        }
        if (connector.isFailing()) {
            SQLException last = connector.lastFailure();
            Classification c = classifier.classify(last != null ? last : e);
            long since = System.currentTimeMillis() - connector.failingSinceMillis();
            DatabaseUnavailableException ex = new DatabaseUnavailableException("database unavailable: " + kind.label
                    + " got no connection in " + elapsedMs + "ms; connects have failed for " + since + "ms ("
                    + connector.failingAttempts() + " attempts), last error: " + describe(last) + " — " + c.reason()
                    + " (" + status() + ")" + sqlSuffix(sql), last != null ? last : e, text(sql), attempt, c);
            emit(EventType.CONNECTION_ERROR, c.severity().max(Severity.WARNING), ex.getMessage(), c, site, sql, attempt, options, ex);
            return ex;
        }
        long now = ticker.nanos();
        Classification c = classifier.classify(new ConnectionUnavailableException("", null, null, 1));
        ConnectionUnavailableException ex = new ConnectionUnavailableException(kind.label + " got no connection in "
                + elapsedMs + "ms: pool exhausted (" + status() + "); holders: " + leases.holdersSummary(now, 5)
                + "; raise maxPoolSize or connectionTimeout, or hold connections for less time" + sqlSuffix(sql),
                e, text(sql), attempt, c);
        emit(EventType.POOL_EXHAUSTED, Severity.ERROR, ex.getMessage(), c, site, sql, attempt, options, ex);
        return ex;
    }

    private ConnectionUnavailableException workloadExhausted(Kind kind, String sql, CallOptions options, long elapsedNanos,
                                                             String callSite, int attempt) {
        String site = callSite != null ? callSite : CallSites.here();
        Classification c = classifier.classify(new ConnectionUnavailableException("", null, null, 1));
        WorkloadGate gate = options.gate;
        ConnectionUnavailableException ex = new ConnectionUnavailableException(kind.label + " got no connection in "
                + TimeUnit.NANOSECONDS.toMillis(elapsedNanos) + "ms: workload '" + gate.workload + "' is at its limit of "
                + gate.limit + " connections (" + gate.waiting() + " more waiting; pool " + status() + "); holders: "
                + leases.holdersSummary(ticker.nanos(), 5) + "; raise workloadLimit(\"" + gate.workload
                + "\", n) or hold connections for less time" + sqlSuffix(sql), null, text(sql), attempt, c);
        emit(EventType.POOL_EXHAUSTED, Severity.ERROR, ex.getMessage(), c, site, sql, attempt, options, ex);
        return ex;
    }

    void emitLeaseEvent(EventType type, Severity severity, String message, Lease lease, String site, Throwable stack) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("workload", lease.workload());
        tags.put("in_transaction", Boolean.toString(lease.inTransaction()));
        EventContext context = new EventContext(site, lease.sql(), 0, status(), lease.workload(), lease.thread().getName());
        events.emit(DiagnosticEvent.of(type, severity, message, tags, context, stack));
    }

    void emitTaskEvent(EventType type, Severity severity, String message, Map<String, String> tags, Throwable error) {
        EventContext context = new EventContext(CallSites.here(), null, 0, status(), TASK_WORKLOAD, Thread.currentThread().getName());
        events.emit(DiagnosticEvent.of(type, severity, message, tags, context, error));
    }

    private RuntimeException finalFailure(Kind kind, String sql, Throwable failure, Classification c, int attempt,
                                          String site, CallOptions options, String why) {
        RuntimeException ex = translate(kind, sql, failure, c, attempt, why);
        boolean connection = isConnectionKind(c.kind());
        if (!(failure instanceof PoolguardException) || ex != failure) {
            emit(connection ? EventType.CONNECTION_ERROR : EventType.QUERY_ERROR, c.severity(), ex.getMessage(), c, site, sql,
                    attempt, options, failure);
        } else if (failure instanceof QueryFailedException || failure instanceof ConnectionLostException) {
            emit(connection ? EventType.CONNECTION_ERROR : EventType.QUERY_ERROR, c.severity(), ex.getMessage(), c, site, sql,
                    attempt, options, failure);
        }
        return ex;
    }

    private RetriesExhaustedException exhausted(Kind kind, String sql, Throwable failure, Classification c, int attempt,
                                                String site, CallOptions options, String why) {
        RetriesExhaustedException ex = new RetriesExhaustedException(kind.label + " failed after " + attempt + " attempt"
                + (attempt == 1 ? "" : "s") + ": " + c.reason() + " (" + Redaction.message(failure) + "); " + why + sqlSuffix(sql),
                failure, text(sql), attempt, c);
        emit(EventType.RETRIES_EXHAUSTED, Severity.ERROR, ex.getMessage(), c, site, sql, attempt, options, failure);
        return ex;
    }

    /**
     * The exception the caller gets. Our own exceptions and the application's pass through unchanged (the original
     * exception propagates); a driver exception becomes the named exception for its kind.
     */
    private RuntimeException translate(Kind kind, String sql, Throwable failure, Classification c, int attempt, String why) {
        if (failure instanceof PoolguardException) {
            return ((PoolguardException) failure).classifiedAs(c);
        }
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        String suffix = (why == null ? "" : "; " + why) + sqlSuffix(sql);
        switch (c.kind()) {
            case CONNECTION_LOST:
                return new ConnectionLostException(kind.label + " lost its connection: " + describe(failure) + " — " + c.reason()
                        + suffix, failure, text(sql), attempt, c);
            case CONNECT_FAILED:
            case SERVER_STARTING:
            case SERVER_OVERLOADED:
                return new DatabaseUnavailableException("database unavailable: " + kind.label + " failed: " + describe(failure)
                        + " — " + c.reason() + suffix, failure, text(sql), attempt, c);
            default:
                return new QueryFailedException(kind.label + " failed: " + describe(failure) + suffix, failure, text(sql), attempt, c);
        }
    }

    private static boolean isConnectionKind(ErrorKind kind) {
        switch (kind) {
            case CONNECTION_LOST:
            case CONNECT_FAILED:
            case SERVER_OVERLOADED:
            case SERVER_STARTING:
            case POOL_EXHAUSTED:
            case AUTHENTICATION:
                return true;
            default:
                return false;
        }
    }

    private void connectFailed(SQLException e, Classification c, int attempt, boolean willRetry) {
        // The first failure of a run is an event; later ones are logged sparsely so an outage does not flood sinks.
        if (attempt == 1 || attempt % 50 == 0 || !willRetry) {
            emit(willRetry ? EventType.RETRY : EventType.CONNECTION_ERROR, c.severity(), "connect attempt " + attempt
                    + " failed: " + describe(e) + " — " + c.reason() + (willRetry ? "; retrying with backoff" : ""),
                    c, null, null, attempt, CallOptions.DEFAULT, e);
        }
    }

    private void emit(EventType type, Severity severity, String message, Classification c, String site, String sql, int attempt,
                      CallOptions options, Throwable error) {
        Map<String, String> tags = c == null ? new LinkedHashMap<>() : c.tags();
        Map<String, String> taskContext = threadState.get().taskContext;
        if (taskContext != null) {
            taskContext.forEach(tags::putIfAbsent);
        }
        EventContext context = new EventContext(site, sql == null ? null : dev.poolguard.guard.SqlShape.of(sql).fingerprint(),
                attempt, status(), options.workload(), Thread.currentThread().getName());
        events.emit(DiagnosticEvent.of(type, severity, message, tags, context, error));
    }

    /** {@code message (SQLSTATE 42P01)} with passwords and quoted data values masked. */
    static String describe(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String message = Redaction.message(e);
        String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : null;
        return state == null ? message : message + " (SQLSTATE " + state + ")";
    }

    private String sqlSuffix(String sql) {
        return sql == null ? "" : "; sql: " + text(sql);
    }

    String text(String sql) {
        if (sql == null) {
            return null;
        }
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        int limit = config.sqlTextLimit();
        return oneLine.length() <= limit ? oneLine : oneLine.substring(0, limit - 1) + "…";
    }

    private DatabaseClosedException closedException() {
        return new DatabaseClosedException(state == CLOSING
                ? "database is closing: new calls are refused while " + Math.max(0, inFlight.sum() - 1) + " in-flight calls drain"
                : "database is closed");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Status, checks, lifecycle

    public PoolStatus status() {
        return new PoolStatus(pool.getTotalConnections(), pool.getActiveConnections(), pool.getIdleConnections(),
                pool.getThreadsAwaitingConnection(), config.maxPoolSize());
    }

    public List<LeaseInfo> leases() {
        return leases.snapshot(ticker.nanos());
    }

    public List<dev.poolguard.LeakSite> leakSites() {
        return watchdog.leakSites();
    }

    /** Every workload seen so far with its limit, connections in use and callers waiting for its budget. */
    public List<dev.poolguard.WorkloadStatus> workloads() {
        Map<String, Integer> inUse = new java.util.TreeMap<>();
        inUse.put(CallOptions.DEFAULT_WORKLOAD, 0);
        gates.keySet().forEach(w -> inUse.put(w, 0));
        for (Lease lease : leases.active()) {
            inUse.merge(lease.workload(), 1, Integer::sum);
        }
        List<dev.poolguard.WorkloadStatus> out = new java.util.ArrayList<>();
        inUse.forEach((w, n) -> {
            WorkloadGate g = gates.get(w);
            out.add(new dev.poolguard.WorkloadStatus(w, g == null ? 0 : g.limit, n, g == null ? 0 : g.waiting()));
        });
        return List.copyOf(out);
    }

    public Events events() {
        return events;
    }

    public dev.poolguard.DatabaseStats stats() {
        long[] t = tasks.counters();
        return new dev.poolguard.DatabaseStats(retries.sum(), events.counts(), events.errorCounts(), events.dropped(),
                connector.opened(), connector.failed(), t[0], t[1], t[2]);
    }

    private final java.util.List<dev.poolguard.PoolListener> poolListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds a listener; the first one makes HikariCP start taking the timestamps it reports. */
    public synchronized void addPoolListener(dev.poolguard.PoolListener listener) {
        boolean first = poolListeners.isEmpty();
        poolListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        if (first) {
            pool.setMetricsTrackerFactory((name, stats) -> new com.zaxxer.hikari.metrics.IMetricsTracker() {
                @Override
                public void recordConnectionCreatedMillis(long millis) {
                    poolListeners.forEach(l -> l.connectionCreated(millis));
                }

                @Override
                public void recordConnectionAcquiredNanos(long nanos) {
                    poolListeners.forEach(l -> l.connectionAcquired(nanos));
                }

                @Override
                public void recordConnectionUsageMillis(long millis) {
                    poolListeners.forEach(l -> l.connectionReleased(millis));
                }

                @Override
                public void recordConnectionTimeout() {
                    poolListeners.forEach(dev.poolguard.PoolListener::borrowTimedOut);
                }
            });
        }
    }

    // Health: judged from the pool status, recent events, the connector and a probe of its own; never borrows.
    private static final Duration PROBE_MAX_AGE = Duration.ofSeconds(10);
    private static final Duration CRITICAL_WINDOW = Duration.ofSeconds(60);
    private volatile ConnectionCheck lastProbe;
    private volatile long lastProbeNanos;

    public dev.poolguard.Health health() {
        java.util.List<String> reasons = new java.util.ArrayList<>();
        dev.poolguard.Health.Status status = dev.poolguard.Health.Status.UP;
        PoolStatus s = status();
        if (state != OPEN) {
            return new dev.poolguard.Health(dev.poolguard.Health.Status.DOWN, java.util.List.of("database is closed or closing"),
                    s, lastProbe, java.time.Instant.now());
        }
        ConnectionCheck probe = probe();
        if (!probe.ok()) {
            status = dev.poolguard.Health.Status.DOWN;
            reasons.add("probe failed: " + probe.error());
        }
        if (connector.isFailing()) {
            status = dev.poolguard.Health.Status.DOWN;
            reasons.add("new connections fail since " + (System.currentTimeMillis() - connector.failingSinceMillis())
                    + "ms: " + describe(connector.lastFailure()));
        }
        if (s.waiting() > 0) {
            status = worse(status, dev.poolguard.Health.Status.DEGRADED);
            reasons.add(s.waiting() + " callers waiting for a connection");
        }
        if (s.active() >= Math.max(1, (int) Math.ceil(s.max() * 0.9))) {
            status = worse(status, dev.poolguard.Health.Status.DEGRADED);
            reasons.add("pool saturated: " + s.active() + " of " + s.max() + " connections in use");
        }
        java.time.Instant since = java.time.Instant.now().minus(CRITICAL_WINDOW);
        long critical = events.recent().stream()
                .filter(e -> e.severity() == Severity.ERROR && e.timestamp().isAfter(since)).count();
        if (critical > 0) {
            status = worse(status, dev.poolguard.Health.Status.DEGRADED);
            reasons.add(critical + " critical events in the last " + CRITICAL_WINDOW.toSeconds() + "s");
        }
        return new dev.poolguard.Health(status, reasons, s, probe, java.time.Instant.now());
    }

    private static dev.poolguard.Health.Status worse(dev.poolguard.Health.Status a, dev.poolguard.Health.Status b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** The cached probe if fresh, else a new one on a connection of its own. */
    private ConnectionCheck probe() {
        long now = System.nanoTime();
        ConnectionCheck cached = lastProbe;
        if (cached != null && now - lastProbeNanos < PROBE_MAX_AGE.toNanos()) {
            return cached;
        }
        synchronized (this) {
            if (lastProbe != null && System.nanoTime() - lastProbeNanos < PROBE_MAX_AGE.toNanos()) {
                return lastProbe;
            }
            ConnectionCheck fresh = testConnection();
            lastProbe = fresh;
            lastProbeNanos = System.nanoTime();
            return fresh;
        }
    }

    /** Retries made so far (stale-connection replacements excluded). */
    public long retries() {
        return retries.sum();
    }

    public ConnectionCheck testConnection() {
        Duration timeout = config.connectionTimeout().compareTo(PROBE_TIMEOUT_CAP) < 0 ? config.connectionTimeout() : PROBE_TIMEOUT_CAP;
        long start = System.nanoTime();
        try (Connection c = connector.openProbe(config, timeout)) {
            long connected = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                long before = System.nanoTime();
                try (ResultSet rs = s.executeQuery("select current_setting('server_version')")) {
                    rs.next();
                    String version = rs.getString(1);
                    long after = System.nanoTime();
                    return new ConnectionCheck(true, Duration.ofNanos(after - before), Duration.ofNanos(connected - start), version, null);
                }
            }
        } catch (SQLException e) {
            return new ConnectionCheck(false, Duration.ZERO, Duration.ofNanos(System.nanoTime() - start), null, describe(e));
        }
    }

    public boolean isClosed() {
        return state != OPEN;
    }

    /** Refuses new calls, lets in-flight ones finish within the drain deadline, then closes the pool. */
    public void close() {
        synchronized (closeLock) {
            if (state != OPEN) {
                return;
            }
            state = CLOSING;
            long deadline = System.nanoTime() + config.drainTimeout().toNanos();
            tasks.drain(deadline);
            long calls = inFlight.sum();
            if (calls > 0) {
                log.info("Poolguard {} closing: draining {} in-flight calls (deadline {})", config.poolName(), calls,
                        Durations.format(config.drainTimeout()));
            }
            while (inFlight.sum() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (inFlight.sum() > 0) {
                log.warn("Poolguard {} drain deadline {} passed with calls still holding connections; aborting them: {}",
                        config.poolName(), Durations.format(config.drainTimeout()), leases.holdersSummary(ticker.nanos(), 10));
            }
            PoolStatus last = status();
            connector.closing();
            try {
                pool.shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            state = CLOSED;
            watchdog.close();
            events.close(Duration.ofSeconds(2));
            log.info("Poolguard {} closed; final pool status before shutdown: {}", config.poolName(), last);
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down
                }
            }
        }
    }
}
