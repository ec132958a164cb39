package dev.poolguard.bench;

import dev.poolguard.LeasedDataSource;
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
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * {@link StubCycleBenchmark}'s cycles through a {@code javax.sql.DataSource}, as Spring, Hibernate and jOOQ use one:
 * Poolguard's leased {@code db.dataSource()} against raw HikariCP's, the same code for both. On the stub driver only the
 * pools' own work is timed. {@code poolguard}: each borrow finds its call site on the stack (a DataSource hands
 * connections out of any scope, so the site cannot be read later from the holder's stack as it is for
 * {@code withConnection}); {@code poolguard-named}: the borrows are named first, as the Spring starter names a
 * transaction's after its {@code @Transactional} method, so no stack is walked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(StubCycleBenchmark.THREADS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", Jvm.LOGBACK})
public class StubDataSourceCycleBenchmark {

    @Param({"poolguard", "poolguard-named", "hikari"})
    public String pool;

    @Param("32")
    public int poolSize;

    private Subject subject;
    private DataSource ds;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        StubDriver.register();
        subject = Subject.open(Pool.of(pool.replace("-named", "")), StubDriver.URL, poolSize, 0, Duration.ofSeconds(8), "bench-stub-ds",
                b -> b.url("postgres://stub@127.0.0.1:5432/stub").driver(StubDriver.anyUrl()));
        ds = subject.db() != null ? subject.db().dataSource() : subject.dataSource();
        holdNested(StubCycleBenchmark.THREADS); // one connection per benchmark thread opened up front
    }

    /** Holds {@code left} connections at once by nesting borrows, so the pool opens them before the threads start. */
    private void holdNested(int left) throws SQLException {
        if (left > 0) {
            try (Connection c = ds.getConnection()) {
                holdNested(left - 1);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        subject.close();
    }

    @Benchmark
    public Object connectionCycle(Naming naming) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return c;
        }
    }

    @Benchmark
    public Object statementCycle(HeldConnection held) throws SQLException {
        PreparedStatement ps = held.connection.prepareStatement(StubCycleBenchmark.SQL);
        ps.execute();
        ps.close();
        return ps;
    }

    @Benchmark
    public List<Long> queryCycle(Naming naming) throws SQLException {
        return Jdbc.query(ds, StubCycleBenchmark.SQL, 42);
    }

    /** For {@code poolguard-named}: the benchmark thread's borrows carry a name, as in a Spring transaction. */
    @State(Scope.Thread)
    public static class Naming {
        private LeasedDataSource.Naming scope;

        @Setup(Level.Trial)
        public void name(StubDataSourceCycleBenchmark bench) {
            if (bench.pool.endsWith("-named")) {
                scope = ((LeasedDataSource) bench.ds).nameBorrows("com.acme.OrderService.place");
            }
        }

        @TearDown(Level.Trial)
        public void unname() {
            if (scope != null) {
                scope.close();
            }
        }
    }

    /** A connection the benchmark thread borrows for one iteration: a DataSource lends it to any scope. */
    @State(Scope.Thread)
    public static class HeldConnection implements AutoCloseable {
        Connection connection;

        @Setup(Level.Iteration)
        public void borrow(StubDataSourceCycleBenchmark bench, Naming naming) throws SQLException {
            connection = bench.ds.getConnection();
        }

        @TearDown(Level.Iteration)
        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
