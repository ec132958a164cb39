package dev.poolguard.bench;

import dev.poolguard.bench.chaos.ChaosResult;
import dev.poolguard.bench.chaos.Scenario;
import dev.poolguard.bench.pgbench.PgBench;
import dev.poolguard.bench.pools.Pool;
import dev.poolguard.bench.report.Machine;
import dev.poolguard.bench.report.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown of each group's {@code BENCHMARKS.md} section: how it was measured, the tables, the goals. */
final class Sections {

    /** Poolguard's goals against raw HikariCP (issue 8). */
    static final double STUB_GOAL = 0.95;
    static final double POINT_SELECT_GOAL = 0.97;

    private static final List<String> CYCLES = List.of("connectionCycle", "statementCycle", "queryCycle");
    private static final Map<String, String> CYCLE_NAMES = Map.of("connectionCycle", "connection cycle",
            "statementCycle", "statement cycle", "queryCycle", "query cycle");

    private Sections() {
    }

    static Report.Section stub(Harness.Context context, double load, JmhRuns runs) {
        Profile.Jmh jmh = context.options().profile().stub();
        StringBuilder md = new StringBuilder();
        md.append("## Overhead on a no-op stub driver (").append(profile(context)).append(")\n\n");
        md.append(header(context, load, null)).append("\n\n");
        md.append("HikariCP-benchmark's method: a JDBC driver whose connections do nothing (`dev.poolguard.bench.stub`), so only the")
                .append(" pool's own work is timed. `StubCycleBenchmark`: JMH throughput, 8 threads, pool of 32, ").append(jmh(jmh))
                .append("; operations per millisecond, higher is better. ").append(spread(jmh)).append(" **Poolguard ÷** is Poolguard's")
                .append(" score over the row's: above 1 Poolguard is faster. **CPU per call** is the machine's cores over the")
                .append(" throughput: the CPU time one call costs while the 8 threads keep every core busy (an upper bound when")
                .append(" other work shares the machine). Every pool runs with auto-commit on and its")
                .append(" validation on borrow as HikariCP-benchmark sets it; Poolguard with its defaults (query guard and SQL")
                .append(" comments on).\n\n");
        md.append("- **connection cycle**: borrow and release. Poolguard: `withConnection(c -> c)`; the others: `getConnection()`, `close()`.\n");
        md.append("- **statement cycle**: `prepareStatement`, `execute`, `close` on a connection already held. Poolguard: on the fenced")
                .append(" connection a `withConnection` callback gets.\n");
        md.append("- **query cycle**: borrow, prepare, bind, execute, read the row, close, release. Poolguard: `query(sql, mapper, 42)`;")
                .append(" the others: try-with-resources.\n\n");
        Table table = new Table("Pool", "connection cycle", "Poolguard ÷", "CPU per call", "statement cycle", "Poolguard ÷",
                "CPU per call", "query cycle", "Poolguard ÷", "CPU per call");
        for (Pool pool : Pool.values()) {
            List<String> cells = new ArrayList<>();
            cells.add(pool == Pool.POOLGUARD ? "**" + pool.label() + "**" : pool.label());
            for (String cycle : CYCLES) {
                cells.add(figure(runs, cycle, pool));
                cells.add(pool == Pool.POOLGUARD ? "" : Table.ratio(runs.ratio(cycle, pool)));
                cells.add(cpuPerCall(runs.score(cycle, pool)));
            }
            table.row(cells.toArray(String[]::new));
        }
        md.append(table.markdown()).append('\n');
        md.append("Against the goals (≥ ").append(STUB_GOAL).append(" of raw HikariCP, ahead of every other pool):\n\n");
        for (String cycle : CYCLES) {
            md.append("- ").append(goal(CYCLE_NAMES.get(cycle), runs, cycle, STUB_GOAL))
                    .append("; Poolguard adds ").append(extraCpu(runs, cycle)).append(" of CPU per call to raw HikariCP's\n");
        }
        return new Report.Section("stub-cycles/" + context.options().profile().key(), md.toString());
    }

    static Report.Section pointSelect(Harness.Context context, double load, String serverVersion, JmhRuns runs,
                                      Map<Pool, Double> paired, PgBench.Result ceiling) {
        Profile.Jmh jmh = context.options().profile().pointSelect();
        StringBuilder md = new StringBuilder();
        md.append("## Point select on the embedded PostgreSQL (").append(profile(context)).append(")\n\n");
        md.append(header(context, load, serverVersion)).append("\n\n");
        md.append("`pgbench -S`'s statement, `select abalance from pgbench_accounts where aid = ?`, at scale 1 (100,000 rows), random")
                .append(" `aid`, through each pool: `PgPointSelectBenchmark`, ").append(PgPointSelectBenchmark.CLIENTS)
                .append(" client threads on a pool of ").append(PgPointSelectBenchmark.CLIENTS).append(", JMH throughput, ").append(jmh(jmh))
                .append(". Poolguard: `queryOne` with its defaults; the others: try-with-resources. pgbench is the ceiling: the")
                .append(" same statement, server and client count, with no pool and no JVM").append(ceiling == null ? "" : " (`" + ceiling.command() + "`)")
                .append(". The server shares the machine's cores with the clients. ").append(spread(jmh))
                .append(" **Side by side** is `PgPointSelectPairBenchmark`: Poolguard and the peer in the same trial, ")
                .append(PgPointSelectPairBenchmark.CLIENTS_PER_SIDE).append(" clients on a pool of ").append(PgPointSelectPairBenchmark.CLIENTS_PER_SIDE)
                .append(" each, at the same time, so load from other work slows both alike; it is the ratio to trust on a busy")
                .append(" machine (median of the rounds).\n\n");
        Table table = new Table("Client", "ops/s", "Poolguard ÷", "Poolguard ÷, side by side", "share of the pgbench ceiling");
        double poolguard = runs.score("pointSelect", Pool.POOLGUARD);
        for (Pool pool : Pool.values()) {
            String name = pool == Pool.POOLGUARD ? "**" + pool.label() + "** `queryOne`" : pool.label();
            table.row(name, figure(runs, "pointSelect", pool),
                    pool == Pool.POOLGUARD ? "" : Table.ratio(runs.ratio("pointSelect", pool)),
                    pool == Pool.POOLGUARD ? "" : Table.ratio(paired.getOrDefault(pool, Double.NaN)),
                    ceiling == null ? "n/a" : Table.ratio(runs.score("pointSelect", pool) / ceiling.tps()));
        }
        if (ceiling != null) {
            table.row("pgbench -S -M prepared (ceiling)", Table.number(ceiling.tps()), Table.ratio(poolguard / ceiling.tps()), "", "1.00");
        } else {
            table.row("pgbench (not installed)", "n/a", "n/a", "", "n/a");
        }
        md.append(table.markdown()).append('\n');
        md.append("Against the goal (≥ ").append(POINT_SELECT_GOAL).append(" of raw HikariCP, ahead of every other pool): ")
                .append(goal("point select, side by side", paired, POINT_SELECT_GOAL)).append("; run one after the other: ")
                .append(goal("point select", runs, "pointSelect", POINT_SELECT_GOAL)).append('\n');
        return new Report.Section("point-select/" + context.options().profile().key(), md.toString());
    }

    static Report.Section chaos(Harness.Context context, double load, String serverVersion, Map<Scenario, List<ChaosResult>> results,
                                Map<Scenario, Path> plots, Path markdown) {
        Profile.Chaos t = context.options().profile().chaos();
        StringBuilder md = new StringBuilder();
        md.append("## Chaos scenarios (").append(profile(context)).append(")\n\n");
        md.append(header(context, load, serverVersion)).append("\n\n");
        md.append("The same workload for each pool: a pool of 8 kept full, a borrow timeout of ").append(seconds(t.connectionTimeout()))
                .append(", 8 readers (select by primary key) and 8 writers (a transaction: increment an account, log the write) calling")
                .append(" back to back. Raw HikariCP is used with try-with-resources and no retries; Poolguard through `queryOne` and")
                .append(" `transaction` with its defaults. Figures cover the disruption and the ").append(seconds(t.after()))
                .append(" after it (the flood: the flood only); the steady load before it (").append(seconds(t.baseline()))
                .append(") sets the baseline. Latency is of every call, failed ones included, as the caller saw it (HdrHistogram).")
                .append(" **Recovery**: from the disruption to the first 300 ms with no failed call and at least half the baseline")
                .append(" throughput, in 100 ms buckets; \"not recovered\" if that never came in the window.")
                .append(" **Poolguard ÷** is Poolguard's throughput over the row's.\n\n");

        md.append("### Termination storm\n\n");
        md.append("Every client backend of the pool terminated (`pg_terminate_backend`) every ").append(seconds(t.killEvery()))
                .append(" for ").append(seconds(t.storm())).append("; recovery is the worst round (the median is in the notes).\n\n");
        md.append(chaosTable(results.get(Scenario.STORM), true)).append('\n');
        md.append(plot(plots.get(Scenario.STORM), markdown, "Termination storm timeline")).append("\n\n");

        md.append("### Restart\n\n");
        md.append("The server stopped (fast shutdown: clients get `57P01`), kept down ").append(seconds(t.down()))
                .append(", started again on the same port and data; recovery counts from the server accepting connections again.\n\n");
        md.append(chaosTable(results.get(Scenario.RESTART), true)).append('\n');
        md.append(plot(plots.get(Scenario.RESTART), markdown, "Restart timeline")).append("\n\n");

        md.append("### Exhaustion\n\n");
        md.append("`SlowReport.generate` reads in a transaction, then waits on a slow partner for ").append(seconds(t.hold()))
                .append(" holding its connection, on ").append(8).append(" threads at once: the whole pool. **First diagnosis**: the")
                .append(" first thing an operator is told (an exception a caller gets, a Poolguard event, a HikariCP log line) after the")
                .append(" report starts; **names the holder**: the first one that says `SlowReport.generate`. Recovery counts from the")
                .append(" report finishing.\n\n");
        Table exhaustion = new Table("Pool", "ops", "failures", "p50", "p99", "p99.9", "recovery", "first diagnosis after",
                "names the holder after", "first diagnosis");
        for (ChaosResult r : results.get(Scenario.EXHAUSTION)) {
            exhaustion.row(name(r), Table.count(r.ops()), Table.count(r.failures()), Table.millis(r.p50Millis()),
                    Table.millis(r.p99Millis()), Table.millis(r.p999Millis()), recovery(r.recoveryMillis()),
                    r.firstDiagnosisMillis() == null ? "never" : Table.millis(r.firstDiagnosisMillis()),
                    r.namesHolderMillis() == null ? "never" : Table.millis(r.namesHolderMillis()),
                    r.firstDiagnosis() == null ? "" : "`" + r.firstDiagnosis().replace("`", "'") + "`");
        }
        md.append(exhaustion.markdown()).append('\n');

        md.append("### Background flood\n\n");
        md.append("8 readers only; meanwhile background work floods the pool: ").append(48).append(" units in flight, each holding a")
                .append(" connection for 100 ms (a server-side sleep), on 16 background threads (raw HikariCP: a fixed thread pool;")
                .append(" Poolguard: `db.tasks()`, whose `background` workload may hold at most a quarter of the pool unless raised).")
                .append(" Figures cover the ").append(seconds(t.flood())).append(" flood; recovery counts from its end.\n\n");
        md.append(chaosTable(results.get(Scenario.FLOOD), true)).append('\n');
        return new Report.Section("chaos/" + context.options().profile().key(), md.toString());
    }

    private static String chaosTable(List<ChaosResult> runs, boolean ratio) {
        ChaosResult reference = runs.stream().filter(ChaosResult::reference).findFirst().orElse(runs.get(runs.size() - 1));
        Table table = new Table("Pool", "ops", "failures", "ops/s", "Poolguard ÷", "p50", "p99", "p99.9", "recovery", "notes");
        for (ChaosResult r : runs) {
            table.row(name(r), Table.count(r.ops()), Table.count(r.failures()), Table.count(r.opsPerSecond()),
                    r.reference() || !ratio ? "" : Table.ratio(reference.opsPerSecond() / r.opsPerSecond()),
                    Table.millis(r.p50Millis()), Table.millis(r.p99Millis()), Table.millis(r.p999Millis()),
                    recovery(r.recoveryMillis()), r.notes());
        }
        return table.markdown();
    }

    private static String name(ChaosResult r) {
        return r.reference() ? "**" + r.label() + "**" : r.label();
    }

    private static String recovery(long millis) {
        return millis < 0 ? "not recovered" : Table.count(millis) + " ms";
    }

    private static String plot(Path file, Path markdown, String alt) {
        if (file == null) {
            return "";
        }
        Path link = markdown == null ? file : markdown.toAbsolutePath().getParent().relativize(file.toAbsolutePath());
        return "![" + alt + "](" + link.toString().replace('\\', '/') + ")";
    }

    /** One line per cycle: the ratio to raw HikariCP against the goal, and the peers Poolguard is behind. */
    private static String goal(String what, JmhRuns runs, String method, double goal) {
        Map<Pool, Double> ratios = new java.util.LinkedHashMap<>();
        Pool.peers().forEach(peer -> ratios.put(peer, runs.ratio(method, peer)));
        return goal(what, ratios, goal);
    }

    private static String goal(String what, Map<Pool, Double> ratios, double goal) {
        double toHikari = ratios.getOrDefault(Pool.HIKARI, Double.NaN);
        List<String> behind = new ArrayList<>();
        ratios.forEach((peer, ratio) -> {
            if (peer != Pool.HIKARI && ratio < 1) {
                behind.add(peer.label() + " (" + Table.ratio(ratio) + ")");
            }
        });
        return "**" + what + "**: Poolguard at " + Table.ratio(toHikari) + " of raw HikariCP, goal "
                + (toHikari >= goal ? "met" : "**not met**") + "; "
                + (behind.isEmpty() ? "ahead of every other pool" : "behind " + String.join(", ", behind));
    }

    private static String header(Harness.Context context, double load, String serverVersion) {
        return context.date() + " · `" + context.options().command() + "` · " + Machine.describe()
                + (serverVersion == null ? "" : " · PostgreSQL " + serverVersion + " (embedded), pgjdbc " + Pool.pgjdbcVersion())
                + " · load average (1 min) " + Machine.load(context.loadBefore()) + " before the run, "
                + Machine.load(load) + " when this group started";
    }

    private static String profile(Harness.Context context) {
        return context.options().profile().key() + " profile";
    }

    private static String jmh(Profile.Jmh s) {
        return (s.rounds() == 1 ? "" : s.rounds() + " rounds of ") + (s.forks() == 0 ? "no fork (in this JVM)" : s.forks()
                + (s.forks() == 1 ? " fork" : " forks")) + " per pool, " + s.warmupIterations() + " × " + seconds(s.warmupTime())
                + " warmup, " + s.iterations() + " × " + seconds(s.iterationTime()) + " measured";
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The median of the rounds, with JMH's error for one round or the rounds' range for several. */
    private static String figure(JmhRuns runs, String method, Pool pool) {
        if (!runs.has(method, pool)) {
            return "n/a";
        }
        if (runs.rounds() == 1) {
            return Table.score(runs.score(method, pool), runs.error(method, pool));
        }
        double[] range = runs.range(method, pool);
        return Table.number(runs.score(method, pool)) + " (" + Table.number(range[0]) + "–" + Table.number(range[1]) + ")";
    }

    private static String spread(Profile.Jmh jmh) {
        return jmh.rounds() == 1 ? "± is JMH's 99.9% error."
                : "Each figure is the median of " + jmh.rounds() + " rounds (in brackets: the lowest and highest), every round"
                + " running every pool once, starting at a different one; ratios are medians of the rounds' ratios.";
    }

    /** Cores ÷ throughput (ops/ms): the CPU one call costs while the benchmark keeps every core busy. */
    private static String cpuPerCall(double opsPerMillisecond) {
        return Double.isNaN(opsPerMillisecond) ? "n/a" : nanos(Machine.cores() * 1e6 / opsPerMillisecond);
    }

    private static String extraCpu(JmhRuns runs, String cycle) {
        double poolguard = Machine.cores() * 1e6 / runs.score(cycle, Pool.POOLGUARD);
        double hikari = Machine.cores() * 1e6 / runs.score(cycle, Pool.HIKARI);
        return nanos(poolguard - hikari);
    }

    private static String nanos(double ns) {
        return Double.isNaN(ns) ? "n/a" : ns >= 1000 ? String.format(Locale.ROOT, "%.2f µs", ns / 1000) : String.format(Locale.ROOT, "%.0f ns", ns);
    }
}
