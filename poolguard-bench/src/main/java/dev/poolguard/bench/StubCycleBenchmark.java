package dev.poolguard.bench;

import dev.poolguard.Database;
import dev.poolguard.bench.pools.Pool;
import dev.poolguard.bench.pools.Subject;
import dev.poolguard.bench.stub.StubDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * HikariCP-benchmark's method on a no-op stub driver: what a pool itself costs per borrow and per statement, with the
 * database out of the picture. 8 threads share a pool of 32; throughput in operations per millisecond.
 *
 * <ul>
 *   <li>connection cycle: borrow and release ({@code withConnection(c -> c)} for Poolguard);</li>
 *   <li>statement cycle: prepare, execute, close on a connection the thread already holds (for Poolguard, the fenced
 *       connection a {@code withConnection} callback gets), lent by a helper thread for the iteration;</li>
 *   <li>query cycle: borrow, prepare, bind, execute, read the one row, close, release ({@code query} for Poolguard,
 *       try-with-resources for the others).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(StubCycleBenchmark.THREADS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", Jvm.LOGBACK})
public class StubCycleBenchmark {

    static final String SQL = "select balance from accounts where id = ?";
    static final int THREADS = 8;
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(8);

    @Param({"poolguard", "hikari", "dbcp2", "c3p0", "tomcat", "vibur", "agroal"})
    public String pool;

    @Param("32")
    public int poolSize;

    private Subject subject;
    Database db;
    private DataSource ds;

    @Setup(Level.Trial)
    public void setUp() {
        StubDriver.register();
        // Poolguard takes PostgreSQL URLs only; the stub driver it is handed ignores the URL.
        subject = Subject.open(Pool.of(pool), StubDriver.URL, poolSize, 0, BORROW_TIMEOUT, "bench-stub",
                b -> b.url("postgres://stub@127.0.0.1:5432/stub").driver(StubDriver.anyUrl()));
        db = subject.db();
        ds = subject.dataSource();
        prefill(THREADS);
    }

    /**
     * Opens one connection per benchmark thread before the threads start, so no measurement waits on a pool growing
     * under contention (c3p0 and HikariCP both stalled there in in-process smoke runs, leaving a thread without a
     * connection for the whole borrow timeout).
     */
    private void prefill(int connections) {
        try {
            holdNested(connections);
        } catch (SQLException e) {
            throw new IllegalStateException("could not open " + connections + " connections on " + pool + ": " + e.getMessage(), e);
        }
    }

    /** Holds {@code left} connections at once by nesting borrows (Poolguard lends connections only inside callbacks). */
    private void holdNested(int left) throws SQLException {
        if (left == 0) {
            return;
        }
        if (db != null) {
            db.withConnection(c -> {
                holdNested(left - 1);
                return null;
            });
            return;
        }
        try (Connection c = ds.getConnection()) {
            holdNested(left - 1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        subject.close();
    }

    @Benchmark
    public Object connectionCycle() throws SQLException {
        if (db != null) {
            return db.withConnection(c -> c);
        }
        try (Connection c = ds.getConnection()) {
            return c;
        }
    }

    @Benchmark
    public Object statementCycle(HeldConnection held) throws SQLException {
        PreparedStatement ps = held.connection.prepareStatement(SQL);
        ps.execute();
        ps.close();
        return ps;
    }

    @Benchmark
    public List<Long> queryCycle() throws SQLException {
        if (db != null) {
            return db.query(SQL, rs -> rs.getLong(1), 42);
        }
        return Jdbc.query(ds, SQL, 42);
    }

    /**
     * A connection each benchmark thread holds for one iteration. A helper thread borrows it the way each pool's users
     * would (Poolguard lends connections only inside a callback; the peers in try-with-resources) and stays in that
     * scope, holding it, while the benchmark thread works on it.
     */
    @State(Scope.Thread)
    public static class HeldConnection {
        Connection connection;
        private Thread holder;
        private CountDownLatch release;

        @Setup(Level.Iteration)
        public void borrow(StubCycleBenchmark bench) throws Exception {
            CompletableFuture<Connection> lent = new CompletableFuture<>();
            CountDownLatch done = new CountDownLatch(1);
            release = done;
            holder = new Thread(() -> bench.lend(lent, done), "bench-held-connection");
            holder.start();
            connection = lent.get(10, TimeUnit.SECONDS);
        }

        @TearDown(Level.Iteration)
        public void release() throws Exception {
            release.countDown();
            holder.join(10_000);
        }
    }

    /** Borrows a connection, hands it over, and holds it until {@code done}. */
    void lend(CompletableFuture<Connection> lent, CountDownLatch done) {
        try {
            if (db != null) {
                db.withConnection(c -> {
                    lent.complete(c);
                    awaitQuietly(done);
                    return null;
                });
                return;
            }
            try (Connection c = ds.getConnection()) {
                lent.complete(c);
                awaitQuietly(done);
            }
        } catch (SQLException | RuntimeException e) {
            lent.completeExceptionally(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
