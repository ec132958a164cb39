package dev.poolguard.bench;

import dev.poolguard.Database;
import dev.poolguard.bench.pools.Pool;
import dev.poolguard.bench.pools.Subject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One stub cycle of {@link StubCycles}, Poolguard and one peer side by side in the same trial: 4 threads each, at the
 * same time, each pool of 32 on the stub driver. Whatever else runs on the machine slows both alike, so their ratio
 * holds where sequential runs on a busy machine scatter (as {@link PgPointSelectPairBenchmark} does for the real point
 * select). With {@code driver=wrapped} Poolguard's side runs behind a driver wrapper and the peer is Poolguard on the
 * stub as it is: what reaching pgjdbc only through {@code unwrap} costs.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", Jvm.LOGBACK})
public class StubCyclePairBenchmark {

    /** Threads per side. */
    public static final int THREADS_PER_SIDE = 4;

    /** The peer Poolguard runs beside; named {@code pool} like the other benchmarks' parameter. */
    @Param({"hikari", "agroal"})
    public String pool;

    @Param({"connection", "statement", "query"})
    public String cycle;

    /** {@code direct}, or {@code wrapped}: Poolguard behind a driver wrapper beside Poolguard direct (the peer ignored). */
    @Param("direct")
    public String driver;

    private Subject poolguard;
    private Subject peer;
    private Database db;
    private Database dbPeer;
    private DataSource ds;
    private boolean statement;
    private boolean query;

    @Setup(Level.Trial)
    public void setUp() {
        boolean wrapped = driver.equals("wrapped");
        poolguard = StubCycles.open(Pool.POOLGUARD, 32, THREADS_PER_SIDE, "bench-pair-poolguard", wrapped);
        peer = StubCycles.open(wrapped ? Pool.POOLGUARD : Pool.of(pool), 32, THREADS_PER_SIDE, "bench-pair-" + pool, false);
        db = poolguard.db();
        dbPeer = peer.db();
        ds = peer.dataSource();
        statement = cycle.equals("statement");
        query = cycle.equals("query");
        if (!statement && !query && !cycle.equals("connection")) {
            throw new IllegalArgumentException("cycle '" + cycle + "' is not connection, statement or query");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        poolguard.close();
        peer.close();
    }

    @Benchmark
    @Group("pair")
    @GroupThreads(THREADS_PER_SIDE)
    public Object poolguard(PoolguardHeld held) throws SQLException {
        return run(db, null, held.held);
    }

    @Benchmark
    @Group("pair")
    @GroupThreads(THREADS_PER_SIDE)
    public Object peer(PeerHeld held) throws SQLException {
        return run(dbPeer, ds, held.held);
    }

    private Object run(Database database, DataSource dataSource, StubCycles.Held held) throws SQLException {
        if (statement) {
            return StubCycles.statement(held.connection());
        }
        return query ? StubCycles.query(database, dataSource) : StubCycles.connection(database, dataSource);
    }

    /** The connection a Poolguard-side thread holds for the statement cycle. */
    @State(Scope.Thread)
    public static class PoolguardHeld {
        final StubCycles.Held held = new StubCycles.Held();

        @Setup(Level.Iteration)
        public void borrow(StubCyclePairBenchmark bench) throws Exception {
            if (bench.statement) {
                held.borrow(bench.db, null);
            }
        }

        @TearDown(Level.Iteration)
        public void release() throws Exception {
            held.release();
        }
    }

    /** The connection a peer-side thread holds for the statement cycle. */
    @State(Scope.Thread)
    public static class PeerHeld {
        final StubCycles.Held held = new StubCycles.Held();

        @Setup(Level.Iteration)
        public void borrow(StubCyclePairBenchmark bench) throws Exception {
            if (bench.statement) {
                held.borrow(bench.dbPeer, bench.ds);
            }
        }

        @TearDown(Level.Iteration)
        public void release() throws Exception {
            held.release();
        }
    }
}
