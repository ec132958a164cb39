package dev.poolguard.bench;

import dev.poolguard.Database;
import dev.poolguard.bench.pools.Pool;
import dev.poolguard.bench.pools.Subject;
import dev.poolguard.bench.stub.StubDriver;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * One thread running one stub cycle of {@link StubCycleBenchmark} over and over, for counting the instructions a cycle
 * costs with Valgrind's callgrind, which is exact where wall-clock benchmarks on a shared 2-core machine are not:
 *
 * <pre>
 * valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/cg.%p \
 *     java -XX:+UseSerialGC -cp "poolguard-bench-0.1.0-SNAPSHOT.jar:lib/*" dev.poolguard.bench.CycleCount poolguard query 200000 20000
 * </pre>
 *
 * After {@code warmup} cycles (so the JIT has compiled the path) it turns callgrind's collection on for its own process
 * ({@code callgrind_control -i on}), runs {@code measured} cycles and turns it off; instructions over {@code measured}
 * is the cost of a cycle (GC and compiler threads included, which is why a serial collector and a long warm-up).
 * Without Valgrind it prints the wall time per cycle instead.
 */
public final class CycleCount {

    private CycleCount() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: CycleCount <pool: poolguard|hikari|agroal|...> <cycle: connection|statement|query|transaction>"
                    + " <warmup cycles> <measured cycles> [wrapped]");
            System.exit(2);
        }
        Pool pool = Pool.of(args[0]);
        String cycle = args[1];
        int warmup = Integer.parseInt(args[2]);
        int measured = Integer.parseInt(args[3]);
        boolean wrapped = args.length > 4 && args[4].equals("wrapped");
        // -Dcycle.clock=precise: Poolguard times leases with System.nanoTime() (an injected ticker) instead of its coarse clock.
        boolean precise = "precise".equals(System.getProperty("cycle.clock"));
        try (Subject subject = precise ? Subject.open(pool, StubDriver.URL, 4, 1, Duration.ofSeconds(8), "cycle-count",
                b -> b.ticker(System::nanoTime).url("postgres://stub@127.0.0.1:5432/stub").driver(StubDriver.anyUrl()))
                : StubCycles.open(pool, 4, 1, "cycle-count", wrapped)) {
            Database db = subject.db();
            DataSource ds = subject.dataSource();
            if (cycle.equals("statement")) {
                StubCycles.Held held = new StubCycles.Held();
                held.borrow(db, ds);
                try {
                    run(() -> StubCycles.statement(held.connection()), warmup, measured);
                } finally {
                    held.release();
                }
                return;
            }
            run(cycle(db, ds, cycle), warmup, measured);
        }
    }

    /** One cycle, as the benchmarks run it. */
    @FunctionalInterface
    private interface Cycle {
        Object run() throws SQLException;
    }

    private static void run(Cycle one, int warmup, int measured) throws Exception {
        for (int i = 0; i < warmup; i++) {
            sink = one.run();
        }
        collect(true);
        long start = System.nanoTime();
        for (int i = 0; i < measured; i++) {
            sink = one.run();
        }
        long nanos = System.nanoTime() - start;
        collect(false);
        System.out.printf(Locale.ROOT, "%d cycles, %.1f ns each (wall)%n", measured, nanos / (double) measured);
    }

    private static Cycle cycle(Database db, DataSource ds, String cycle) {
        switch (cycle) {
            case "connection":
                return () -> StubCycles.connection(db, ds);
            case "query":
                return () -> StubCycles.query(db, ds);
            case "transaction":
                return db != null ? () -> db.transaction(tx -> tx.query(StubCycles.SQL, rs -> rs.getLong(1), 42)) : () -> {
                    try (Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        List<Long> out = new java.util.ArrayList<>();
                        try (PreparedStatement ps = c.prepareStatement(StubCycles.SQL)) {
                            ps.setInt(1, 42);
                            try (var rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    out.add(rs.getLong(1));
                                }
                            }
                        }
                        c.commit();
                        return out;
                    }
                };
            default:
                throw new IllegalArgumentException("unknown cycle '" + cycle + "'; known: connection, statement, query, transaction");
        }
    }

    private static volatile Object sink;

    /** Turns callgrind's collection on or off for this process; does nothing outside Valgrind. */
    private static void collect(boolean on) throws IOException, InterruptedException {
        if (System.getenv("CYCLE_COUNT_CALLGRIND") == null) {
            return;
        }
        Process p = new ProcessBuilder("callgrind_control", "-i", on ? "on" : "off", Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("callgrind_control failed: " + out);
        }
    }
}
