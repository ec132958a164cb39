package dev.poolguard;

import dev.poolguard.internal.CallOptions;
import dev.poolguard.internal.Calls;
import dev.poolguard.internal.Engine;
import dev.poolguard.internal.Statements;
import dev.poolguard.internal.lease.CallSites;

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
    private final Diagnostics diagnostics;

    Database(Engine engine) {
        this(engine, CallOptions.DEFAULT, new Diagnostics(engine));
    }

    /** A view: the same engine and diagnostics, other options. */
    private Database(Engine engine, CallOptions options, Diagnostics diagnostics) {
        this.engine = engine;
        this.options = options;
        this.diagnostics = diagnostics;
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
        return options.idempotent() ? this : new Database(engine, options.asIdempotent(), diagnostics);
    }

    /**
     * A view of this database whose calls count against the named workload's connection budget
     * ({@link DatabaseBuilder#workloadLimit}). Callers over the budget wait, within the connection timeout, without
     * taking connections from other workloads. Unnamed use is the {@code default} workload.
     */
    public Database workload(String name) {
        return new Database(engine, options.inWorkloadOf(engine.options(name)), diagnostics);
    }

    /** Background work with an error boundary, in the {@code background} workload. */
    public dev.poolguard.tasks.BackgroundTasks tasks() {
        return engine.tasks();
    }


    /**
     * A view whose queries may read up to {@code rows} rows without a LIMIT before the query guard calls it an
     * unbounded result: for the one call that legitimately reads a lot.
     */
    public Database rowBudget(int rows) {
        return new Database(engine, options.withRowBudget(rows), diagnostics);
    }

    /**
     * Opens a unit of work on this thread: the query guard counts repeated statements inside it (N+1 detection) until
     * it is closed, in the same thread; its name completes the N+1 message ("ran 11 times ... in one batch import"). Use
     * it in try-with-resources, or open it in a framework's before-handler and
     * close it in the after-handler. Transactions are units of work of their own; one opened inside another joins it
     * (closing the inner one then closes nothing).
     */
    public dev.poolguard.guard.UnitOfWork unitOfWork(String name) {
        return engine.unitOfWork(java.util.Objects.requireNonNull(name, "name"));
    }

    /**
     * Turns strict query-guard mode on or off while running (the test extension does this). In strict mode an
     * unbounded result or an N+1 fails the offending call with {@link QueryGuardException}.
     */
    public void strictQueries(boolean strict) {
        engine.strictQueries(strict);
    }

    /** Whether the query guard fails offending calls ({@link #strictQueries(boolean)}, else the configured rules). */
    public boolean strictQueries() {
        return engine.strictQueries();
    }

    /**
     * Everything that says what the pool is doing, in one place: its status, who holds each connection, health,
     * counts, leak sites, workloads, recent events, a connection test and the doctor; and where reporters and pool
     * listeners are added to a running database.
     */
    public Diagnostics diagnostics() {
        return diagnostics;
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
                + (options.idempotent() ? ", idempotent" : "") + ", " + engine.status() + "]";
    }

    /** For {@link Map} based tests of environment configuration. */
    static Database fromEnv(Map<String, String> env) {
        return builder().fromEnv(env).build();
    }
}
