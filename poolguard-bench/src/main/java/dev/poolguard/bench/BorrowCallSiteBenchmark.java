package dev.poolguard.bench;

import dev.poolguard.Database;
import dev.poolguard.embedded.EmbeddedPostgresServer;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A borrow with and without capturing the call site at borrow time ({@code captureCallSites}): one
 * {@code withConnection} holding the connection for a trivial statement, single-threaded average time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = Jvm.LOGBACK)
public class BorrowCallSiteBenchmark {

    @Param({"on-demand", "eager"})
    public String capture;

    private EmbeddedPostgresServer server;
    private Database db;

    @Setup(Level.Trial)
    public void setUp() {
        server = EmbeddedPostgresServer.start();
        db = Database.builder().url(server.url()).maxPoolSize(2).minIdle(2).captureCallSites(capture.equals("eager")).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
        server.close();
    }

    /** Borrow and release only: the callback does not touch the database. */
    @Benchmark
    public Object borrowAndRelease() {
        return db.withConnection(c -> c);
    }

    /** Borrow, one round trip, release. */
    @Benchmark
    public Object borrowAndSelect() {
        return db.queryOne("select 1", rs -> rs.getInt(1));
    }
}
