package dev.poolguard.internal;

import com.zaxxer.hikari.pool.HikariPool;
import dev.poolguard.CommitOutcomeUnknownException;
import dev.poolguard.DatabaseClosedException;
import dev.poolguard.DatabaseConfig;
import dev.poolguard.LeaseRevokedException;
import dev.poolguard.PoolguardException;
import dev.poolguard.QueryGuardException;
import dev.poolguard.Ticker;
import dev.poolguard.TransactionCallback;
import dev.poolguard.classify.Classification;
import dev.poolguard.classify.ErrorClassifier;
import dev.poolguard.classify.ErrorKind;
import dev.poolguard.event.EventType;
import dev.poolguard.event.Severity;
import dev.poolguard.guard.UnitOfWork;
import dev.poolguard.internal.lease.CallSites;
import dev.poolguard.internal.lease.Holding;
import dev.poolguard.internal.lease.Lease;
import dev.poolguard.internal.lease.LeaseRegistry;
import dev.poolguard.internal.sql.SqlShape;
import dev.poolguard.pooler.Route;
import dev.poolguard.retry.RetryPolicy;
import dev.poolguard.status.PoolStatus;
import dev.poolguard.tasks.BackgroundTasks;
import dev.poolguard.tasks.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

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
        RAW("withConnection", false), DATASOURCE("getConnection", false);

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
    private final LeaseRegistry leases;
    private final Borrowing borrowing;
    /** Leases and statements are timed with it: the coarse clock, or the ticker tests inject. */
    private final Ticker clock;
    /** What keeps the coarse clock ticking: this pool's borrows moving. */
    private final LongSupplier clockActivity;
    private final ThreadLocal<ThreadState> threadState = ThreadLocal.withInitial(ThreadState::new);
    private final Emitter emitter;
    private final PoolTimings timings;
    private final Inspector inspector = new Inspector(this);
    private final Map<String, WorkloadGate> gates = new ConcurrentHashMap<>();
    private final Ticker ticker;
    private final Watchdog watchdog;
    private final TaskRunner tasks;
    private final Guard guard;
    private final Failures failures = new Failures(this);
    private final HealthJudge healthJudge = new HealthJudge(this);
    private final CommitResolver commits;
    /** A lock, not a monitor: close() waits (sleeps) while holding it, which pins a virtual thread's carrier on JDK 21. */
    private volatile int state = OPEN;
    /** Calls waiting out a retry's backoff, holding no lease: close() drains them with those that hold one. */
    private final AtomicInteger backingOff = new AtomicInteger();
    private final LongAdder retries = new LongAdder();
    private final LongAdder staleReplacements = new LongAdder();
    /** How it stops: the drain on close, the shutdown hook, undoing a failed start. */
    private final Lifecycle lifecycle = new Lifecycle(this);

    public Engine(DatabaseConfig config) {
        this.config = config;
        CallSites.skip(config.dataAccessPackages());
        long socketSeconds = config.socketTimeout().toSeconds();
        this.pooledQueryTimeoutSeconds = socketSeconds <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, socketSeconds - Math.max(1, socketSeconds / 10)));
        this.ticker = config.ticker();
        this.clock = ticker == Ticker.SYSTEM ? CoarseClock.INSTANCE : ticker;
        this.leases = new LeaseRegistry(clock, Engine::isClosedConnection);
        this.clockActivity = leases::borrows;
        this.classifier = config.classifier();
        this.retryPolicy = config.retryPolicy();
        // Calls are counted by the borrows the lease slots count anyway: counting them again cost a shared increment.
        this.budget = RetryBudget.of(retryPolicy, ticker, leases::borrows);
        this.events = new Events(config.reporters(), config.poolName());
        this.timings = new PoolTimings(config.poolListeners());
        this.emitter = new Emitter(events, this::status, threadState);
        this.guard = new Guard(this, config.queryGuard());
        config.workloadLimits().forEach((name, limit) -> gates.put(name, new WorkloadGate(name, limit)));
        this.connector = new Connector(config, classifier, retryPolicy.connectBackoff(), config.sleeper(),
                physical -> Borrowing.register(leases, physical, route()));
        // What is started is closed again if a later step fails: a failed build must not leave a pool filling itself.
        HikariPool startedPool = null;
        Watchdog startedWatchdog = null;
        try {
            this.pool = startedPool = new HikariPool(connector.hikariConfig(timings));
            this.borrowing = new Borrowing(config, pool, leases, connector, failures, classifier, clock);
            this.commits = new CommitResolver(pool, config);
            connector.retryWhile(() -> state == OPEN && (pool.getThreadsAwaitingConnection() > 0
                    || pool.getTotalConnections() < config.minIdle()), failures::connectFailed);
            this.watchdog = startedWatchdog = new Watchdog(this, leases, config.leakThreshold(), config.heldIdleThreshold(),
                    config.reclaimAfter(), config.poolName());
            borrowing.watchedBy(watchdog);
            this.tasks = new TaskRunner(this, options(TASK_WORKLOAD), config.taskThreads(), config.taskQueueCapacity(), config.poolName());
            if (config.registerShutdownHook()) {
                lifecycle.registerShutdownHook();
            }
        } catch (RuntimeException | Error e) {
            lifecycle.undoStart(startedPool, startedWatchdog, e);
            throw e;
        }
        if (clock == CoarseClock.INSTANCE) {
            CoarseClock.use(clockActivity);
        }
        connector.onRouteDetected(r -> log.info("Poolguard {} connects {}{}", config.poolName(), r,
                r.transactionPooled() ? "; server-side prepared statements off, statements cancelled through the pooler "
                        + "after socketTimeout less a margin, session state refused" : ""));
        log.info("Poolguard {} started: {}; route: {}", config.poolName(), config, connector.route());
        String tls = tlsWarning(config);
        if (tls != null) {
            log.warn("Poolguard {}: {}", config.poolName(), tls);
        }
    }

    /**
     * A remote database reached without {@code sslmode=require} (or stricter) may be reached in plain text without
     * anyone noticing: pgjdbc's default ({@code prefer}) falls back silently. Say so once, at start.
     */
    public static String tlsWarning(DatabaseConfig config) {
        if (config.loopbackHost()) {
            return null;
        }
        String mode = config.urlParameters().getOrDefault("sslmode", config.driverProperties().get("sslmode"));
        if (mode == null && config.provider().requiresTls()) {
            return null; // the connector asks for sslmode=require
        }
        if (mode == null || mode.equals("prefer") || mode.equals("allow") || mode.equals("disable")) {
            return "TLS is not required for " + config.maskedUrl() + " (sslmode=" + (mode == null ? "prefer, pgjdbc's default" : mode)
                    + "): connections fall back to plain text if the server does not offer TLS, and nothing says so;"
                    + " add sslmode=require, or sslmode=verify-full&sslrootcert=<CA file> to check the server's certificate";
        }
        return null;
    }

    /** What the connections go through; detected on the first connection unless set or named by the URL. */
    public Route route() {
        return connector.route();
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
        if (refuses(ts)) {
            throw closedException();
        }
        if (ts.transaction != null) {
            return onLease(ts.transaction, kind, sql, work);
        }
        options = inTaskWorkload(options, ts);
        ts.depth++;
        try {
            return withLease(kind, sql, options, callSite, work, ts);
        } finally {
            ts.depth--;
        }
    }

    /** While closing, work already in flight (a call inside another call's callback, a draining task) may still call. */
    private boolean refuses(ThreadState ts) {
        return state != OPEN && !(state == CLOSING && (ts.depth > 0 || ts.taskOptions != null));
    }

    /** Inside a background task, default-workload calls count against the task's workload. */
    private static CallOptions inTaskWorkload(CallOptions options, ThreadState ts) {
        if (ts.taskOptions == null || !options.isDefaultWorkload()) {
            return options;
        }
        return options.idempotent() ? ts.taskOptions.asIdempotent() : ts.taskOptions;
    }

    /** A transaction: joins the one open on this thread, or borrows, commits, and reruns it whole where safe. */
    public <T> T transaction(CallOptions options, TransactionCallback<T> callback) {
        Lease joined = threadState.get().transaction;
        // A lambda's site is cached on its class, so naming the line a fenced handle came from costs nothing.
        String site = config.captureCallSites() ? CallSites.here() : CallSites.ofLambda(callback);
        return call(Kind.TRANSACTION, null, options, site, joined != null
                ? Calls.joined(this, callback, options.rowBudget())
                : Calls.transaction(this, callback, config.verifyCommits(), options.rowBudget()));
    }

    /** The call site now if {@code captureCallSites} is on (about 1.3 µs a call), else null: resolved on demand. */
    public String eagerCallSite() {
        return config.captureCallSites() ? CallSites.here() : null;
    }

    /** Runs work on a lease the caller already holds (a transaction handle), translating failures. */
    public <T> T onLease(Lease lease, Kind kind, String sql, Work<T> work) {
        try {
            return work.run(lease);
        } catch (SQLException e) {
            Classification c = classifier.classify(e);
            throw failures.translate(kind, sql, e, c, 1, null);
        }
    }

    /**
     * One borrow, and the retry loop around further ones if it fails. Its frame is how holders' call sites are found on
     * their stacks (see {@link CallSites}): keep the name in sync. The first attempt is the short path the JIT inlines;
     * failures go to {@link #afterFailure}, which decides, and to {@link #retried} for the attempts after.
     */
    private <T> T withLease(Kind kind, String sql, CallOptions options, String callSite, Work<T> work, ThreadState ts) {
        Lease lease = borrowing.acquire(kind, sql, options, callSite, 1, ts);
        T result;
        try {
            result = work.run(lease);
        } catch (Throwable t) {
            return retried(kind, sql, options, callSite, work, ts, lease, t);
        }
        borrowing.release(lease, options.gate);
        return result;
    }

    /** After a failed attempt: decide, and run again while the rules and the budget allow. */
    private <T> T retried(Kind kind, String sql, CallOptions options, String callSite, Work<T> work, ThreadState ts, Lease lease,
                          Throwable first) {
        Failed failed = Failed.of(this, lease, options, first);
        int attempt = 1;
        int staleReplaced = 0;
        while (true) {
            Retry next = afterFailure(kind, sql, options, callSite, failed, attempt, staleReplaced);
            if (next.committed) {
                return next.resultAs();
            }
            if (next.stale) {
                staleReplaced++; // a replaced stale connection is not an attempt of the call's
            } else {
                sleepBeforeRetry(kind, sql, options, next, attempt);
                attempt++;
            }
            lease = borrowing.acquire(kind, sql, options, callSite, attempt, ts);
            try {
                T result = work.run(lease);
                borrowing.release(lease, options.gate);
                return result;
            } catch (Throwable t) {
                failed = Failed.of(this, lease, options, t);
            }
        }
    }

    /**
     * What a failed attempt leaves to decide by, taken before its lease is given back (the slot may be lent again at
     * once): whether it was revoked, how many statements ran, the backend to end after a socket timeout.
     */
    private static final class Failed {
        final Throwable failure;
        final boolean revoked;
        final String revocation;
        final int statements;

        private Failed(Throwable failure, boolean revoked, String revocation, int statements) {
            this.failure = failure;
            this.revoked = revoked;
            this.revocation = revocation;
            this.statements = statements;
        }

        static Failed of(Engine engine, Lease lease, CallOptions options, Throwable failure) {
            int statements = lease.statements();
            // Behind a pooler the driver's pid is the pooler's invention: terminating it could end a stranger's
            // backend. There the statement was cancelled through the pooler before the socket timed out.
            int abandoned = RetryRules.socketTimedOut(failure) && !engine.route().behindPooler() ? lease.backendPid() : 0;
            boolean released = engine.borrowing.release(lease, options.gate);
            String revocation = released ? null : lease.revocation();
            if (abandoned != 0) {
                engine.borrowing.terminateAbandoned(abandoned);
            }
            return new Failed(failure, !released, revocation, statements);
        }
    }

    /** What to do after a failed attempt: return a result (a COMMIT found committed), run again now (stale), or later. */
    private static final class Retry {
        static final Retry STALE = new Retry(false, null, true, null, null, null);
        final boolean committed;
        final Object result;
        final boolean stale;
        final Classification classification;
        final Throwable failure;
        final String site;

        Retry(boolean committed, Object result, boolean stale, Classification classification, Throwable failure, String site) {
            this.committed = committed;
            this.result = result;
            this.stale = stale;
            this.classification = classification;
            this.failure = failure;
            this.site = site;
        }

        @SuppressWarnings("unchecked")
        <T> T resultAs() {
            return (T) result;
        }
    }

    /** Decides after a failed attempt; throws the caller's exception when it is not run again. */
    private Retry afterFailure(Kind kind, String sql, CallOptions options, String callSite, Failed failed, int attempt,
                               int staleReplaced) {
        Throwable failure = failed.failure;
        String site = callSite != null ? callSite : CallSites.here();
        if (failed.revoked) {
            if (failure instanceof LeaseRevokedException) {
                throw (LeaseRevokedException) failure;
            }
            throw new LeaseRevokedException(kind.label + " used a lease that was revoked: " + failed.revocation
                    + "; borrowed at " + site, failure);
        }
        if (failure instanceof CommitFailure) {
            CommitFailure cf = (CommitFailure) failure;
            Classification c = classifier.classify(cf.sqlCause());
            CommitResolver.CommitOutcome outcome = c.kind() == ErrorKind.SERIALIZATION_FAILURE || c.kind() == ErrorKind.DEADLOCK
                    ? CommitResolver.CommitOutcome.ABORTED : commits.resolve(cf, c);
            if (outcome == CommitResolver.CommitOutcome.COMMITTED) {
                emitter.failure(EventType.RETRY, Severity.INFO, "COMMIT lost its connection but the transaction committed"
                        + " (verified with txid_status); returning its result", c, site, sql, attempt, options, cf.sqlCause());
                return new Retry(true, cf.result, false, c, failure, site);
            }
            if (outcome == CommitResolver.CommitOutcome.UNKNOWN && !options.idempotent()) {
                CommitOutcomeUnknownException e = new CommitOutcomeUnknownException("transaction lost its connection during"
                        + " COMMIT and its outcome could not be verified (" + c.reason() + "; " + Redaction.message(cf.sqlCause())
                        + cf.whyUnknown()
                        + "); not retried because it may have committed: check the data, or run idempotent work through"
                        + " db.idempotent().transaction(...)", cf.sqlCause(), attempt, c);
                emitter.failure(EventType.CONNECTION_ERROR, Severity.ERROR, e.getMessage(), c, site, sql, attempt, options, e);
                throw e;
            }
            failure = cf.sqlCause();
        }
        Classification c = classifier.classify(failure);
        if (c.connectionTerminated()) {
            connectionsTerminated();
        }
        RetryRules.Retry retry = RetryRules.decide(kind, options, failure, c, failed.statements, staleReplaced, config.maxPoolSize());
        if (retry == RetryRules.Retry.STALE) {
            staleReplacements.increment();
            emitter.failure(EventType.STALE_CONNECTION, Severity.INFO, kind.label + " found a stale pooled connection (" + c.reason()
                    + "); replaced it and ran again", c.withExpected(true, Severity.INFO), site, sql, attempt, options, failure);
            return Retry.STALE;
        }
        if (retry == RetryRules.Retry.NO) {
            throw failures.finalFailure(kind, sql, failure, c, attempt, site, options, RetryRules.whyNot(kind, c));
        }
        if (attempt >= retryPolicy.maxAttempts()) {
            throw failures.exhausted(kind, sql, failure, c, attempt, site, options,
                    "retries exhausted (maxAttempts " + retryPolicy.maxAttempts() + ")");
        }
        if (!budget.tryAcquire()) {
            throw failures.exhausted(kind, sql, failure, c, attempt, site, options, "retry budget spent (retries are capped at "
                    + Math.round(retryPolicy.budgetRatio() * 100) + "% of calls + " + retryPolicy.minRetriesPerSecond() + "/s)");
        }
        Duration delay = retryPolicy.backoff().delay(attempt);
        retries.increment();
        emitter.failure(EventType.RETRY, c.expected() ? Severity.INFO : Severity.WARNING, kind.label + " failed (" + c.reason()
                + "); retrying in " + delay.toMillis() + "ms", c, site, sql, attempt, options, failure);
        return new Retry(false, null, false, c, failure, site);
    }

    private void sleepBeforeRetry(Kind kind, String sql, CallOptions options, Retry retry, int attempt) {
        backingOff.incrementAndGet();
        try {
            config.sleeper().sleep(retryPolicy.backoff().delay(attempt).toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.finalFailure(kind, sql, retry.failure, retry.classification, attempt, retry.site, options,
                    "interrupted while waiting to retry");
        } finally {
            backingOff.decrementAndGet();
        }
    }

    /** A failure said a backend is gone: others may be too (a restart, a scale-down), so the pool is refilled and watched. */
    private void connectionsTerminated() {
        lastTerminationNanos = clock.nanos();
        borrowing.replaceLostConnections();
    }

    private volatile long lastTerminationNanos;
    /** How long after a backend was found terminated lent connections are checked before use. */
    private static final long STALE_SUSPICION_NANOS = Duration.ofSeconds(5).toNanos();

    // ------------------------------------------------------------------------------------------------------------
    // The leased DataSource: the one way a connection leaves a callback scope

    /**
     * A connection for the leased {@code DataSource}: a lease taken like a call's, with the same fenced handles, held
     * until the connection's {@code close()} (or a revoke) instead of a callback's return. Its call site is named now
     * (the thread's borrow name, else the first frame outside Poolguard and the data-access packages) because the
     * holder's stack will not show it later. Nothing is retried, since the caller owns the connection and its
     * transaction; in the seconds after a backend was found terminated, a lent connection is checked and a stale one
     * replaced before first use. Failures are {@code SQLException}s, as JDBC callers expect, with Poolguard's message.
     */
    public Connection lend(CallOptions options) throws SQLException {
        ThreadState ts = threadState.get();
        if (refuses(ts)) {
            DatabaseClosedException e = closedException();
            throw new SQLNonTransientConnectionException(e.getMessage(), "08003", e);
        }
        options = inTaskWorkload(options, ts);
        String site = ts.borrowName != null ? ts.borrowName : CallSites.here();
        Lease lease = acquireLent(options, site, ts);
        try {
            return new FencedConnection(lease.connection(), lease, this, options.rowBudget(), true);
        } catch (RuntimeException | Error e) {
            borrowing.release(lease, options.gate); // never lent, so nobody else would give it back
            throw e;
        }
    }

    private Lease acquireLent(CallOptions options, String site, ThreadState ts) throws SQLException {
        for (int replaced = 0; ; replaced++) {
            Lease lease;
            try {
                lease = borrowing.acquire(Kind.DATASOURCE, null, options, site, 1, ts);
            } catch (PoolguardException e) {
                throw new SQLTransientConnectionException(e.getMessage(), e.sqlState(), e);
            }
            long terminated = lastTerminationNanos;
            if (terminated == 0 || clock.nanos() - terminated > STALE_SUSPICION_NANOS || replaced >= config.maxPoolSize()
                    || lease.connection().isValid(1)) {
                return lease;
            }
            staleReplacements.increment();
            emitter.failure(EventType.STALE_CONNECTION, Severity.INFO, "getConnection found a stale pooled connection (backends"
                    + " were found terminated moments ago); replaced it before first use", null, site, null, 1, options, null);
            pool.evictConnection(lease.connection());
            borrowing.release(lease, options.gate);
        }
    }

    /** A lent connection's {@code close()}. */
    void giveBack(Lease lease) {
        borrowing.release(lease, (WorkloadGate) lease.gate());
    }

    /** A JDBC call on a lent connection failed: classified and reported; the caller gets the driver's exception. */
    void lentConnectionFailed(Lease lease, String sql, SQLException e) {
        Classification c = classifier.classify(e);
        if (c.connectionTerminated()) {
            connectionsTerminated();
        }
        failures.lentFailure(lease, sql, e, c, options(lease.workload()));
    }

    /** Names the leases this thread takes through the DataSource from now on (null: found on the stack); returns the previous name. */
    public String nameBorrows(String name) {
        ThreadState ts = threadState.get();
        String previous = ts.borrowName;
        ts.borrowName = name;
        return previous;
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
    void runAsTask(CallOptions taskOptions, Map<String, String> context, Task task) throws Exception {
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

    public BackgroundTasks tasks() {
        return tasks;
    }

    /** The clock leases and statements are timed with. */
    long now() {
        return clock.nanos();
    }

    /**
     * The one way a fenced connection is made for a caller: over a lease this engine lent, with the row budget of the
     * caller's view. withConnection callbacks get one; the leased {@code DataSource} (issue 18) builds on it.
     */
    FencedConnection fenced(Lease lease, int rowBudget) {
        return new FencedConnection(lease.connection(), lease, this, rowBudget);
    }

    /** Revokes the borrow the watchdog saw (never one whose COMMIT is on the wire); see {@link Borrowing#revoke}. */
    boolean revoke(Holding holding, String why) {
        return borrowing.revoke(holding, why);
    }

    /** Calls holding a lease, waiting in the pool for one, or waiting out a retry's backoff. */
    int inFlight() {
        return borrowing.inFlight() + backingOff.get();
    }

    /** A physical connection's {@code isClosed()}, for dropping the lease slots of closed ones. */
    private static boolean isClosedConnection(Object connection) {
        try {
            return ((Connection) connection).isClosed();
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }

    Guard guard() {
        return guard;
    }

    /**
     * The SQL to send: with the call-site comment when {@code sqlComments} is on. Behind a transaction pooler a statement
     * that leaves session state on the server connection (which the next transaction, anyone's, will get) is refused.
     */
    String sqlToSend(SqlShape shape, String sql) {
        String sessionState = shape.sessionState();
        if (sessionState != null && connector.route().transactionPooled()) {
            throw new QueryGuardException(EventType.SESSION_STATE, "SESSION_STATE: " + sessionState + " at "
                    + CallSites.here() + " would stay on a server connection of the transaction pooler (" + connector.route()
                    + ") after this transaction, for whichever client gets it next; " + SESSION_STATE_FIX, text(sql));
        }
        return config.sqlComments() ? shape.stamped(sql, config.applicationName(), CallSites::here) : sql;
    }

    private static final String SESSION_STATE_FIX = "use SET LOCAL or set_config(..., true) inside db.transaction(...),"
            + " pg_advisory_xact_lock instead of pg_advisory_lock, temporary tables with ON COMMIT DROP inside a transaction,"
            + " and a direct (non-pooled) connection for LISTEN; or, if the pooler keeps sessions (session mode), say so with"
            + " pooler(PoolerMode.SESSION)";

    /**
     * A statement was created. Behind a pooler it gets a query timeout just under socketTimeout (unless it has one):
     * pgjdbc then cancels it through the cancel protocol, which the pooler forwards to the right server backend, while
     * the client connection is still open. After a socket timeout the pooler would have dropped the client and its
     * cancel key, and the statement would run on, holding its locks, for nobody.
     */
    void statementCreated(Statement statement) throws SQLException {
        if (pooledQueryTimeoutSeconds > 0 && connector.route().behindPooler() && statement.getQueryTimeout() == 0) {
            statement.setQueryTimeout(pooledQueryTimeoutSeconds);
        }
    }

    private final int pooledQueryTimeoutSeconds;

    /** Turns strict query-guard mode on or off at run time (test extensions). */
    public void strictQueries(boolean strict) {
        guard.strict(strict);
    }

    /** Whether the query guard fails offending calls now. */
    public boolean strictQueries() {
        return guard.strict();
    }

    /**
     * Opens a unit of work bound to this thread (N+1 detection counts inside it), or joins the one already open: the
     * returned handle then closes nothing.
     */
    public UnitOfWork unitOfWork(String name) {
        ThreadState ts = threadState.get();
        if (ts.unitOfWork != null) {
            return new UnitOfWork(name, () -> { });
        }
        UnitOfWork[] holder = new UnitOfWork[1];
        holder[0] = new UnitOfWork(name, () -> {
            if (ts.unitOfWork == holder[0]) {
                ts.unitOfWork = null;
            }
        });
        ts.unitOfWork = holder[0];
        return holder[0];
    }

    // ------------------------------------------------------------------------------------------------------------
    // Failures and events

    /** The SQL text for messages: one line, truncated to sqlTextLimit. */
    String text(String sql) {
        return failures.text(sql);
    }

    LeaseRegistry leaseRegistry() {
        return leases;
    }

    Connector connector() {
        return connector;
    }

    ErrorClassifier classifier() {
        return classifier;
    }

    /** Where every part that reports makes its events. */
    Emitter emitter() {
        return emitter;
    }

    private DatabaseClosedException closedException() {
        return new DatabaseClosedException(state == CLOSING
                ? "database is closing: new calls are refused while " + inFlight() + " in-flight calls drain"
                : "database is closed");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Status, checks, lifecycle

    public PoolStatus status() {
        return new PoolStatus(pool.getTotalConnections(), pool.getActiveConnections(), pool.getIdleConnections(),
                pool.getThreadsAwaitingConnection(), config.maxPoolSize(), connector.route());
    }

    /** What {@code db.diagnostics()} answers beyond the status: leases, leak sites, workloads, counts, health, timings. */
    public Inspector inspector() {
        return inspector;
    }

    /** Calls retried since start. */
    long retries() {
        return retries.sum();
    }

    /** Stale pooled connections replaced since start. */
    long staleConnectionsReplaced() {
        return staleReplacements.sum();
    }

    Map<String, WorkloadGate> gates() {
        return gates;
    }

    /** The event queue and its reporters. */
    public Events events() {
        return events;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    TaskRunner taskRunner() {
        return tasks;
    }

    HealthJudge healthJudge() {
        return healthJudge;
    }

    PoolTimings timings() {
        return timings;
    }

    HikariPool pool() {
        return pool;
    }

    public boolean isClosed() {
        return state != OPEN;
    }

    /** Refuses new calls, lets in-flight ones finish within the drain deadline, then closes the pool. */
    public void close() {
        lifecycle.close();
    }

    /** Open → closing: new calls are refused from now on. False if it was not open. Called under the lifecycle's lock. */
    boolean beginClosing() {
        if (state != OPEN) {
            return false;
        }
        state = CLOSING;
        return true;
    }

    /** Closed: every call is refused; the coarse clock may stop once no other database uses it. */
    void markClosed() {
        state = CLOSED;
        if (clock == CoarseClock.INSTANCE) {
            CoarseClock.release(clockActivity);
        }
    }
}
