package dev.poolguard;

import dev.poolguard.internal.CallOptions;
import dev.poolguard.internal.Calls;
import dev.poolguard.internal.Engine;
import dev.poolguard.internal.Statements;
import dev.poolguard.lease.CallSites;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL database behind a HikariCP pool where every borrow is scoped and always released.
 *
 * <pre>{@code
 * Database db = Database.builder().url("postgres://app:secret@db.example.com:5432/app").build();
 * Optional<String> name = db.queryOne("select name from users where id = ?", rs -> rs.getString(1), 42);
 * }</pre>
 *
 * <p>There is no way to get a connection that outlives a call: {@link #withConnection} hands a connection valid only
 * inside its callback, {@link #transaction} commits or rolls back before it returns. Thread-safe; share one instance
 * per database. A call made on a thread that has a transaction open joins that transaction.
 */
public final class Database implements SqlOperations, AutoCloseable {

    private final Engine engine;
    private final CallOptions options;

    Database(Engine engine) {
        this(engine, CallOptions.DEFAULT);
    }

    private Database(Engine engine, CallOptions options) {
        this.engine = engine;
        this.options = options;
    }

    public static DatabaseBuilder builder() {
        return new DatabaseBuilder();
    }

    /** A database configured from {@code DATABASE_URL} and the {@code POOLGUARD_*} environment variables. */
    public static Database fromEnv() {
        return builder().fromEnv(System.getenv()).build();
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return engine.call(Engine.Kind.QUERY, sql, options, engine.eagerCallSite(), Statements.query(engine, sql, mapper, params, options.rowBudget()));
    }

    @Override
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return engine.call(Engine.Kind.QUERY_ONE, sql, options, engine.eagerCallSite(), Statements.queryOne(engine, sql, mapper, params));
    }

    @Override
    public int update(String sql, Object... params) {
        return engine.call(Engine.Kind.UPDATE, sql, options, engine.eagerCallSite(), Statements.update(engine, sql, params));
    }

    /**
     * Runs the callback in one transaction: commit when it returns, rollback when it throws (the original exception
     * propagates; a rollback failure is attached as suppressed). Nested on the same thread, it joins the outer one.
     */
    public <T> T transaction(TransactionCallback<T> callback) {
        return engine.transaction(options, callback);
    }

    /**
     * Raw JDBC on a connection valid only inside the callback. Closing it inside is harmless; using it, or a statement
     * or result set from it, after the callback returns throws {@link ConnectionReleasedException}.
     */
    public <T> T withConnection(ConnectionCallback<T> callback) {
        // The raw escape hatch always records its call site, so a fenced handle used too late can name it: walked once
        // per lambda and then read from its class, walked every time for other callback classes.
        String site = CallSites.ofLambda(callback);
        return engine.call(Engine.Kind.RAW, null, options, site != null ? site : CallSites.here(),
                Calls.raw(engine, callback, options.rowBudget()));
    }

    /**
     * A {@code javax.sql.DataSource} whose every connection is a lease of this database (and view: its workload and row
     * budget apply): for Spring, Hibernate, jOOQ, MyBatis and other code that takes a {@code DataSource}. Leases, leak
     * detection and reclaim, exhaustion messages naming holders, the query guard, events and fencing after
     * {@code close()} apply; retries do not (see {@link LeasedDataSource}).
     */
    public LeasedDataSource dataSource() {
        LeasedDataSource ds = dataSource;
        if (ds == null) {
            ds = new LeasedDataSource(this, engine, options);
            dataSource = ds;
        }
        return ds;
    }

    private volatile LeasedDataSource dataSource;

    /**
     * A view of this database whose work is declared idempotent: safe to run twice. Its {@code update}s and
     * {@code withConnection} callbacks are retried after a connection loss like reads are, and its transactions are
     * retried even when the connection died during COMMIT and the outcome could not be verified. Use it for upserts
     * ({@code insert ... on conflict do nothing}), updates that set absolute values, deletes by key.
     */
    public Database idempotent() {
        return options.idempotent() ? this : new Database(engine, options.asIdempotent());
    }

    /**
     * A view of this database whose calls count against the named workload's connection budget
     * ({@link DatabaseBuilder#workloadLimit}). Callers over the budget wait, within the connection timeout, without
     * taking connections from other workloads. Unnamed use is the {@code default} workload.
     */
    public Database workload(String name) {
        return new Database(engine, options.inWorkloadOf(engine.options(name)));
    }

    /** Background work with an error boundary, in the {@code background} workload. */
    public dev.poolguard.tasks.BackgroundTasks tasks() {
        return engine.tasks();
    }

    /** Leak history per call site: leaks, returned late, revoked, still held. */
    public List<LeakSite> leakSites() {
        return engine.leakSites();
    }

    /** Each workload's limit, connections in use and callers waiting for its budget. */
    public List<WorkloadStatus> workloads() {
        return engine.workloads();
    }

    /**
     * UP, DEGRADED or DOWN with reasons (saturation, waiting callers, recent critical events, failing connects, a
     * failed probe), judged without borrowing from this pool: the probe uses a connection of its own and is cached
     * for 10 s.
     */
    public Health health() {
        return engine.health();
    }

    /** Cumulative counters: retries, events by type, errors by type, tasks. */
    public DatabaseStats stats() {
        return engine.stats();
    }

    /** The most recent events (up to 500), oldest first. */
    public List<DiagnosticEvent> recentEvents() {
        return engine.events().recent();
    }

    /** Adds a reporter to this running database (a dashboard, a metrics binder). */
    public void addReporter(EventReporter reporter) {
        engine.events().addReporter(java.util.Objects.requireNonNull(reporter, "reporter"));
    }

    /** Adds a listener for pool timings (wait, use, timeouts, connection creation). */
    public void addPoolListener(PoolListener listener) {
        engine.addPoolListener(listener);
    }

    /**
     * A view whose queries may read up to {@code rows} rows without a LIMIT before the query guard calls it an
     * unbounded result: for the one call that legitimately reads a lot.
     */
    public Database withRowBudget(int rows) {
        return new Database(engine, options.withRowBudget(rows));
    }

    /**
     * Runs {@code work} as one unit of work: the query guard counts repeated statements inside it (N+1 detection).
     * Transactions are units of work of their own; nested units join the outer one.
     */
    public void unitOfWork(Runnable work) {
        try (dev.poolguard.guard.UnitOfWork ignored = engine.beginUnitOfWork("unit of work")) {
            work.run();
        }
    }

    /**
     * Opens a unit of work on this thread for frameworks whose request starts and ends in separate callbacks (a
     * before-handler and an after-handler); close it in the same thread. Joins one already open.
     */
    public dev.poolguard.guard.UnitOfWork beginUnitOfWork(String name) {
        return engine.beginUnitOfWork(name);
    }

    /**
     * Turns strict query-guard mode on or off while running (the test extension does this); returns the previous
     * state. In strict mode an unbounded result or an N+1 fails the offending call with {@link QueryGuardException}.
     */
    public boolean strictQueries(boolean strict) {
        return engine.strictQueries(strict);
    }

    /** The pool right now: {@code total=5 active=1 idle=4 waiting=0 max=20}. */
    public PoolStatus status() {
        return engine.status();
    }

    /** Who holds connections right now, longest held first. */
    public List<LeaseInfo> leases() {
        return engine.leases();
    }

    /** One round trip on a probe connection of its own, bounded by a timeout; never throws, never hangs. */
    public ConnectionCheck testConnection() {
        return engine.testConnection();
    }

    /**
     * Diagnoses this database the way {@code ./poolguard doctor} does, with this pool's settings and the instance count
     * in {@code options} (start from {@code DoctorOptions.forConfig(db.config())}). Runs on a short-lived, read-only
     * connection of its own with a statement timeout, never on this pool, so it works while the pool is exhausted.
     */
    public dev.poolguard.doctor.DoctorReport doctor(dev.poolguard.doctor.DoctorOptions options) {
        return dev.poolguard.internal.doctor.Diagnosis.run(dev.poolguard.internal.doctor.Target.of(config()), options);
    }

    /** {@link #doctor(dev.poolguard.doctor.DoctorOptions)} for one instance of this pool. */
    public dev.poolguard.doctor.DoctorReport doctor() {
        return doctor(dev.poolguard.doctor.DoctorOptions.forConfig(config()).build());
    }

    /** The validated settings. */
    public DatabaseConfig config() {
        return engine.config();
    }

    public boolean isClosed() {
        return engine.isClosed();
    }

    /**
     * Graceful close: new calls fail at once with "database is closing", in-flight calls get the drain deadline, then
     * the pool closes and its final status is logged. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "Database[" + engine.config().maskedUrl() + ", workload=" + options.workload()
                + (options.idempotent() ? ", idempotent" : "") + ", " + status() + "]";
    }

    /** For {@link Map} based tests of environment configuration. */
    static Database fromEnv(Map<String, String> env) {
        return builder().fromEnv(env).build();
    }
}
