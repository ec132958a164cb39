package dev.poolguard.example.calls.bench;

import dev.poolguard.Database;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.example.calls.CallsService;
import dev.poolguard.example.calls.calls.Call;
import dev.poolguard.guard.QueryGuard;
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

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Finding one call by its call_sid, at {@code calls} rows: the service's indexed lookup against a benchmark-only copy
 * of the incidents' "fetch all calls, find one in memory" ({@code getAllCalls().find(c -> c.call_sid === sid)}). Sample
 * time mode, so JMH reports p50/p99. The copy of the anti-pattern lives only here: the service itself never does it,
 * and its lint test would flag it.
 *
 * <pre>
 * java -cp ... org.openjdk.jmh.Main CallSidLookupBenchmark.indexedLookup -p calls=1000000
 * java -cp ... org.openjdk.jmh.Main CallSidLookupBenchmark -p calls=10000,100000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class CallSidLookupBenchmark {

    @Param({"10000", "100000"})
    public long calls;

    private EmbeddedPostgresServer server;
    private Database db;
    private final SplittableRandom random = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void seed() {
        server = EmbeddedPostgresServer.builder().serverConfig("shared_buffers", "256MB").start();
        // the guard would (rightly) report the anti-pattern; it is measured here, not judged
        db = Database.builder().url(server.url()).maxPoolSize(4).queryGuard(QueryGuard.off()).sqlComments(false).build();
        CallsService.migrate(db, dev.poolguard.example.calls.CallsConfig.builder().build());
        BenchData.seed(db, calls);
    }

    @TearDown(Level.Trial)
    public void stop() {
        db.close();
        server.close();
    }

    private String anySid() {
        return BenchData.sid(1 + random.nextLong(calls));
    }

    @Benchmark
    public Optional<Call> indexedLookup() {
        return db.queryOne("select " + Call.COLUMNS + " from calls where call_sid = ?", Call::map, anySid());
    }

    /** The incidents' pattern: every call read and mapped while a connection is held, then one picked in memory. */
    @Benchmark
    public Optional<Call> fetchAllThenFind() {
        String sid = anySid();
        return db.query("select " + Call.COLUMNS + " from calls", Call::map).stream()
                .filter(c -> sid.equals(c.callSid())).findFirst();
    }
}
