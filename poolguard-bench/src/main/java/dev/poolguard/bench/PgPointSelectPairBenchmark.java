package dev.poolguard.bench;

import dev.poolguard.Database;
import dev.poolguard.bench.pgbench.Accounts;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The point select of {@link PgPointSelectBenchmark}, Poolguard and one peer side by side in the same trial: 2 client
 * threads on a pool of 2 each, at the same time, against the same server. Whatever else runs on the machine slows both
 * alike, so their ratio holds where sequential runs on a busy machine scatter; it is the CPU one call costs each (the
 * threads share the cores fairly, so the cheaper pool completes more calls), server work included. With
 * {@code -p work=transaction} each call is the select inside a transaction (Poolguard's COMMIT verified), with
 * {@code -p work=write} a transaction that updates the account.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", Jvm.LOGBACK})
public class PgPointSelectPairBenchmark {

    /** Client threads (and connections) per side. */
    public static final int CLIENTS_PER_SIDE = 2;

    /** The peer Poolguard runs beside; the JMH parameter is named {@code pool} like the other benchmarks'. */
    @Param({"hikari", "dbcp2", "c3p0", "tomcat", "vibur", "agroal"})
    public String pool;

    @Param("")
    public String jdbcUrl;

    /**
     * Poolguard's settings: {@code defaults}, or one default turned off to see what it costs: {@code socketTimeout0}
     * (pgjdbc's blocking reads instead of a 60 s socket timeout), {@code noSqlComments}, {@code guardOff},
     * {@code verifyCommitsOff}.
     */
    @Param("defaults")
    public String poolguardSettings;

    /** {@code select}: the point select; {@code transaction}: it inside a transaction; {@code write}: an update in one. */
    @Param("select")
    public String work;

    static final String WRITE = "update pgbench_accounts set abalance = abalance + 1 where aid = ?";

    private Accounts accounts;
    private Subject poolguard;
    private Subject peer;
    private Database db;
    private DataSource ds;

    @Setup(Level.Trial)
    public void setUp() {
        accounts = Accounts.at(jdbcUrl);
        String url = accounts.jdbcUrl();
        Duration timeout = Duration.ofSeconds(10);
        poolguard = Subject.open(Pool.POOLGUARD, url, CLIENTS_PER_SIDE, CLIENTS_PER_SIDE, timeout, "bench-pair-poolguard", b -> {
            b.url(url);
            switch (poolguardSettings) {
                case "defaults": return b;
                case "socketTimeout0": return b.socketTimeout(Duration.ZERO);
                case "noSqlComments": return b.sqlComments(false);
                case "guardOff": return b.queryGuard(dev.poolguard.guard.QueryGuard.off());
                case "verifyCommitsOff": return b.verifyCommits(false);
                default: throw new IllegalArgumentException("poolguardSettings '" + poolguardSettings
                        + "' is not defaults, socketTimeout0, noSqlComments, guardOff or verifyCommitsOff");
            }
        });
        peer = Subject.open(Pool.of(pool), url, CLIENTS_PER_SIDE, CLIENTS_PER_SIDE, timeout, "bench-pair-" + pool, b -> b);
        db = poolguard.db();
        ds = peer.dataSource();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        poolguard.close();
        peer.close();
        accounts.close();
    }

    @Benchmark
    @Group("pair")
    @GroupThreads(CLIENTS_PER_SIDE)
    public Object poolguard() {
        int aid = accounts.randomId();
        switch (work) {
            case "transaction":
                return db.transaction(tx -> tx.queryOne(PgPointSelectBenchmark.SQL, rs -> rs.getLong(1), aid));
            case "write":
                return db.transaction(tx -> tx.update(WRITE, aid));
            default:
                return db.queryOne(PgPointSelectBenchmark.SQL, rs -> rs.getLong(1), aid);
        }
    }

    @Benchmark
    @Group("pair")
    @GroupThreads(CLIENTS_PER_SIDE)
    public Object peer() throws SQLException {
        int aid = accounts.randomId();
        switch (work) {
            case "transaction":
                return Jdbc.inTransaction(ds, c -> Jdbc.queryOne(c, PgPointSelectBenchmark.SQL, aid));
            case "write":
                return Jdbc.inTransaction(ds, c -> Jdbc.update(c, WRITE, aid));
            default:
                return Jdbc.queryOne(ds, PgPointSelectBenchmark.SQL, aid);
        }
    }
}
