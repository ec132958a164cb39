package dev.poolguard.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A point select by primary key on the embedded PostgreSQL: Poolguard's {@code queryOne} against raw HikariCP with
 * try-with-resources, same pool size, same server, same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = Jvm.LOGBACK)
@Threads(2)
public class PointSelectBenchmark {

    private static final String SQL = "select balance from bench_accounts where id = ?";

    @Param({"poolguard", "hikari"})
    public String pool;

    private EmbeddedPostgresServer server;
    private Database db;
    private HikariDataSource hikari;

    @Setup(Level.Trial)
    public void setUp() {
        server = EmbeddedPostgresServer.start();
        server.execute("create table bench_accounts (id int primary key, balance bigint not null)");
        server.execute("insert into bench_accounts select g, g * 10 from generate_series(1, 10000) g");
        if (pool.equals("poolguard")) {
            db = Database.builder().url(server.url()).maxPoolSize(4).minIdle(4).build();
        } else {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.jdbcUrl());
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(4);
            hikari = new HikariDataSource(config);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (db != null) {
            db.close();
        }
        if (hikari != null) {
            hikari.close();
        }
        server.close();
    }

    @Benchmark
    public void pointSelect(Blackhole bh) throws SQLException {
        int id = 1 + ThreadLocalRandom.current().nextInt(10000);
        if (db != null) {
            bh.consume(db.queryOne(SQL, rs -> rs.getLong(1), id));
            return;
        }
        try (Connection c = hikari.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                bh.consume(rs.next() ? rs.getLong(1) : null);
            }
        }
    }
}
