package dev.poolguard.bench;

import dev.poolguard.Database;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.guard.QueryGuard;
import dev.poolguard.internal.sql.SqlShape;
import dev.poolguard.guard.UnitOfWork;
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

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the query guard costs: a point select by primary key with the guard (and SQL call-site comments) on and off,
 * single-threaded average time so the per-call cost reads directly; and the guard's per-statement bookkeeping
 * alone (shape lookup, unit-of-work count), without a database, to see it against the round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = Jvm.LOGBACK)
public class QueryGuardBenchmark {

    private static final String SQL = "select balance from bench_accounts where id = ?";

    @Param({"on", "off"})
    public String guard;

    private EmbeddedPostgresServer server;
    private Database db;
    private UnitOfWork unitOfWork;

    @Setup(Level.Trial)
    public void setUp() {
        server = EmbeddedPostgresServer.start();
        server.execute("create table bench_accounts (id int primary key, balance bigint not null)");
        server.execute("insert into bench_accounts select g, g * 10 from generate_series(1, 10000) g");
        boolean on = guard.equals("on");
        db = Database.builder().url(server.url()).maxPoolSize(2).minIdle(2)
                .queryGuard(on ? QueryGuard.defaults() : QueryGuard.off()).sqlComments(on).build();
        unitOfWork = new UnitOfWork("bench", () -> { });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
        server.close();
    }

    @Benchmark
    public Object pointSelect() {
        return db.queryOne(SQL, rs -> rs.getLong(1), 1 + ThreadLocalRandom.current().nextInt(10000));
    }

    /** The bookkeeping the guard adds per statement, without the database (same work whether "on" or "off"). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int guardBookkeepingAlone() {
        SqlShape shape = SqlShape.of(SQL);
        return unitOfWork.record(shape.fingerprint(), ThreadLocalRandom.current().nextInt(8), Integer.MAX_VALUE)
                + (shape.bounded() ? 1 : 0);
    }
}
