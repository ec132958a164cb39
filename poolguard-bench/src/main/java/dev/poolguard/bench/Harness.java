package dev.poolguard.bench;

import dev.poolguard.bench.chaos.Chaos;
import dev.poolguard.bench.chaos.ChaosResult;
import dev.poolguard.bench.chaos.Scenario;
import dev.poolguard.bench.pgbench.PgBench;
import dev.poolguard.bench.pools.Pool;
import dev.poolguard.bench.report.BenchmarksFile;
import dev.poolguard.bench.report.Machine;
import dev.poolguard.bench.report.Plots;
import dev.poolguard.embedded.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code ./poolguard bench}: the overhead benchmarks on the stub driver, the point select on the embedded PostgreSQL
 * with {@code pgbench} as the ceiling, and the chaos scenarios, in one run so machine noise falls on all pools alike.
 * Prints one table per group and, when asked, writes each group's section into {@code BENCHMARKS.md} and the recovery
 * plots next to it.
 */
public final class Harness {

    /** What to run: {@code stub}, {@code point}, {@code chaos}. */
    public enum Group {
        STUB("stub"), POINT("point"), CHAOS("chaos");

        private final String key;

        Group(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Group of(String key) {
            for (Group g : values()) {
                if (g.key.equalsIgnoreCase(key.strip())) {
                    return g;
                }
            }
            throw new IllegalArgumentException("unknown group '" + key + "'; known: stub, point, chaos");
        }
    }

    /**
     * A run: the profile, the groups, where to write {@code BENCHMARKS.md} and the plots (null: print only), and the
     * command line to record in the sections.
     */
    public record Options(Profile profile, Set<Group> groups, Path markdown, Path plots, String command) {
        public Options {
            groups = groups.isEmpty() ? EnumSet.allOf(Group.class) : EnumSet.copyOf(groups);
        }
    }

    private Harness() {
    }

    public static Report run(Options options, PrintStream out) {
        long start = System.nanoTime();
        Consumer<String> progress = line -> out.printf(java.util.Locale.ROOT, "[%4ds] %s%n",
                (System.nanoTime() - start) / 1_000_000_000L, line);
        Context context = new Context(options, Machine.loadAverage(), LocalDate.now());
        Path logs = temporaryDirectory();
        out.println("poolguard bench: " + options.profile().key() + " profile, groups " + keys(options.groups())
                + "; machine: " + Machine.describe() + "; load average " + Machine.load(context.loadBefore()));
        out.println("JMH logs: " + logs);
        Report report = new Report(options.profile());
        if (options.groups().contains(Group.STUB)) {
            double load = Machine.loadAverage();
            JmhRuns runs = JmhRuns.run(StubCycleBenchmark.class, List.of(Pool.values()), options.profile().stub(), Map.of(),
                    logs, "stub cycles", progress);
            report.stub(runs.figures());
            publish(report, Sections.stub(context, load, runs), out, options);
        }
        if (options.groups().contains(Group.POINT) || options.groups().contains(Group.CHAOS)) {
            progress.accept("starting embedded PostgreSQL");
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
                String version = serverVersion(server);
                if (options.groups().contains(Group.POINT)) {
                    pointSelect(options, context, server, version, logs, report, out, progress);
                }
                if (options.groups().contains(Group.CHAOS)) {
                    chaos(options, context, server, version, report, out, progress);
                }
            }
        }
        return report;
    }

    private static void pointSelect(Options options, Context context, EmbeddedPostgresServer server, String version, Path logs,
                                    Report report, PrintStream out, Consumer<String> progress) {
        double load = Machine.loadAverage();
        boolean pgbench = PgBench.available();
        if (pgbench) {
            PgBench.initialize(server);
        } else {
            progress.accept("pgbench is not installed (Debian: apt-get install postgresql-client); the ceiling row is left out");
            PgBench.createAccounts(server);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jdbcUrl", server.jdbcUrl());
        JmhRuns runs = JmhRuns.run(PgPointSelectBenchmark.class, List.of(Pool.values()), options.profile().pointSelect(),
                params, logs, "point select", progress);
        Map<Pool, Double> paired = JmhRuns.pairedRatios(PgPointSelectPairBenchmark.class, Pool.peers(), options.profile().pointSelect(),
                params, logs, "point select side by side", progress);
        PgBench.Result ceiling = null;
        if (pgbench) {
            progress.accept("point select: pgbench -S");
            ceiling = PgBench.selectOnly(server, PgPointSelectBenchmark.CLIENTS, options.profile().pgbench());
        }
        report.pointSelect(runs.figures(), paired, ceiling);
        publish(report, Sections.pointSelect(context, load, version, runs, paired, ceiling), out, options);
    }

    private static void chaos(Options options, Context context, EmbeddedPostgresServer server, String version, Report report,
                              PrintStream out, Consumer<String> progress) {
        double load = Machine.loadAverage();
        Chaos chaos = new Chaos(server, options.profile().chaos(), progress);
        chaos.prepare();
        progress.accept("chaos: warming up");
        chaos.warmUp();
        Map<Scenario, List<ChaosResult>> results = new LinkedHashMap<>();
        for (Scenario scenario : Scenario.values()) {
            results.put(scenario, chaos.run(scenario));
        }
        report.chaos(results);
        Map<Scenario, Path> plots = new LinkedHashMap<>();
        Path plotDirectory = options.plots() != null ? options.plots() : temporaryDirectory();
        for (Scenario scenario : List.of(Scenario.STORM, Scenario.RESTART)) {
            Path file = plotDirectory.resolve(scenario.key() + "-" + options.profile().key() + ".png");
            Plots.timeline(file, scenario.title() + ": successful and failed calls per 100 ms", results.get(scenario));
            plots.put(scenario, file);
        }
        report.plots(List.copyOf(plots.values()));
        publish(report, Sections.chaos(context, load, version, results, plots, options.markdown()), out, options);
    }

    private static void publish(Report report, Report.Section section, PrintStream out, Options options) {
        report.add(section);
        out.println();
        out.println(section.markdown());
        if (options.markdown() != null) {
            BenchmarksFile.update(options.markdown(), section.key(), section.markdown());
            out.println("(written to " + options.markdown() + ", section " + section.key() + ")");
        }
    }

    /** What every section says about the run. */
    record Context(Options options, double loadBefore, LocalDate date) {
    }

    private static String serverVersion(EmbeddedPostgresServer server) {
        try (var c = server.connect(); var s = c.createStatement(); var rs = s.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            return "unknown";
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("poolguard-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory", e);
        }
    }

    private static String keys(Set<Group> groups) {
        List<String> keys = new ArrayList<>();
        groups.forEach(g -> keys.add(g.key()));
        return String.join(",", keys);
    }
}
