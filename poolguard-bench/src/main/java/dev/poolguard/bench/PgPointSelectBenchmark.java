package dev.poolguard.bench;

import dev.poolguard.Database;
import dev.poolguard.bench.pgbench.Accounts;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * {@code pgbench -S}'s statement through each pool on the embedded PostgreSQL: a select by primary key from
 * {@code pgbench_accounts}, Poolguard's {@code queryOne} against try-with-resources on the peers, one connection per
 * client thread. {@code ./poolguard bench} passes the URL of the server {@code pgbench} also runs against; without one
 * the benchmark starts its own server and table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(PgPointSelectBenchmark.CLIENTS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", Jvm.LOGBACK})
public class PgPointSelectBenchmark {

    /** Client threads, connections in the pool, and {@code pgbench -c}. */
    public static final int CLIENTS = 4;
    static final String SQL = "select abalance from pgbench_accounts where aid = ?";

    @Param({"poolguard", "hikari", "dbcp2", "c3p0", "tomcat", "vibur", "agroal"})
    public String pool;

    /** A {@code jdbc:postgresql://} URL with {@code pgbench_accounts} in place, or empty to start a server here. */
    @Param("")
    public String jdbcUrl;

    private Accounts accounts;
    private Subject subject;
    private Database db;
    private DataSource ds;

    @Setup(Level.Trial)
    public void setUp() {
        accounts = Accounts.at(jdbcUrl);
        String url = accounts.jdbcUrl();
        subject = Subject.open(Pool.of(pool), url, CLIENTS, CLIENTS, Duration.ofSeconds(10), "bench-point-select",
                b -> b.url(url));
        db = subject.db();
        ds = subject.dataSource();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        subject.close();
        accounts.close();
    }

    @Benchmark
    public Object pointSelect() throws SQLException {
        int aid = accounts.randomId();
        if (db != null) {
            return db.queryOne(SQL, rs -> rs.getLong(1), aid);
        }
        return Jdbc.queryOne(ds, SQL, aid);
    }
}
