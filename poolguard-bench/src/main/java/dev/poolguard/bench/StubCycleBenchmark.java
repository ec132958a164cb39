package dev.poolguard.bench;

import dev.poolguard.Database;
import dev.poolguard.bench.pools.Pool;
import dev.poolguard.bench.pools.Subject;
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

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * HikariCP-benchmark's method on a no-op stub driver: what a pool itself costs per borrow and per statement, with the
 * database out of the picture. 8 threads share a pool of 32; throughput in operations per millisecond. The cycles are
 * {@link StubCycles}'. Run with {@code -Djmh.executor=VIRTUAL} on JDK 21+ the benchmark threads are virtual threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(StubCycleBenchmark.THREADS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", Jvm.LOGBACK})
public class StubCycleBenchmark {

    static final String SQL = StubCycles.SQL;
    static final int THREADS = 8;

    @Param({"poolguard", "hikari", "dbcp2", "c3p0", "tomcat", "vibur", "agroal"})
    public String pool;

    @Param("32")
    public int poolSize;

    /** {@code direct}: the stub's connections as they are; {@code wrapped}: behind a driver wrapper reached through unwrap. */
    @Param("direct")
    public String driver;

    private Subject subject;
    Database db;
    private DataSource ds;

    @Setup(Level.Trial)
    public void setUp() {
        subject = StubCycles.open(Pool.of(pool), poolSize, Math.min(THREADS, poolSize), "bench-stub", driver.equals("wrapped"));
        db = subject.db();
        ds = subject.dataSource();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        subject.close();
    }

    @Benchmark
    public Object connectionCycle() throws SQLException {
        return StubCycles.connection(db, ds);
    }

    @Benchmark
    public Object statementCycle(HeldConnection held) throws SQLException {
        return StubCycles.statement(held.held.connection());
    }

    @Benchmark
    public List<Long> queryCycle() throws SQLException {
        return StubCycles.query(db, ds);
    }

    /** A connection each benchmark thread holds for one iteration ({@link StubCycles.Held}). */
    @State(Scope.Thread)
    public static class HeldConnection {
        final StubCycles.Held held = new StubCycles.Held();

        @Setup(Level.Iteration)
        public void borrow(StubCycleBenchmark bench) throws Exception {
            held.borrow(bench.db, bench.ds);
        }

        @TearDown(Level.Iteration)
        public void release() throws Exception {
            held.release();
        }
    }
}
