package dev.poolguard.cli;

import dev.poolguard.bench.Harness;
import dev.poolguard.bench.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ./poolguard bench}: runs poolguard-bench's harness in this JVM (JMH forks its own JVMs for the overhead
 * benchmarks, with this classpath) and writes its sections into {@code BENCHMARKS.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Poolguard against raw HikariCP, DBCP2, c3p0, Tomcat JDBC, Vibur and Agroal: overhead on a "
                + "no-op stub driver (JMH), a point select on an embedded PostgreSQL with pgbench as the ceiling, and chaos "
                + "scenarios (termination storm, restart, exhaustion, background flood).",
                "Prints one table per group and writes each group's section into BENCHMARKS.md (replacing the section of "
                + "an earlier run of the same profile) and the recovery plots into docs/bench/. Run it from the repository root."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--full", description = "The long profile: 30 s chaos scenarios, three interleaved JMH rounds "
            + "(about 20 minutes). Default: the quick profile (about four minutes).")
    boolean full;

    @Option(names = "--profile", paramLabel = "quick|full|smoke", description = "The profile by name; smoke runs each "
            + "group for seconds (figures meaningless) to check the harness works.")
    String profile;

    @Option(names = "--only", split = ",", paramLabel = "GROUP",
            description = "Groups to run, comma-separated: stub, point, chaos. Default: all three.")
    List<String> only = List.of();

    @Option(names = "--markdown", defaultValue = "BENCHMARKS.md", paramLabel = "FILE",
            description = "The file the sections are written into. Default: ${DEFAULT-VALUE}.")
    Path markdown;

    @Option(names = "--plots", defaultValue = "docs/bench", paramLabel = "DIR",
            description = "Where the recovery plots (PNG) go. Default: ${DEFAULT-VALUE}.")
    Path plots;

    @Option(names = "--no-write", description = "Print the tables only; write neither BENCHMARKS.md nor plots.")
    boolean noWrite;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Profile chosen = profile();
        Set<Harness.Group> groups = EnumSet.noneOf(Harness.Group.class);
        for (String group : only) {
            try {
                groups.add(Harness.Group.of(group));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--only: " + e.getMessage());
            }
        }
        String command = String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Harness.run(new Harness.Options(chosen, groups, noWrite ? null : markdown, noWrite ? null : plots,
                "./poolguard " + command), System.out);
        return 0;
    }

    private Profile profile() {
        if (profile == null) {
            return full ? Profile.FULL : Profile.QUICK;
        }
        if (full) {
            throw new ParameterException(spec.commandLine(), "--full and --profile " + profile + " contradict each other; give one");
        }
        try {
            return Profile.valueOf(profile.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--profile: '" + profile + "' is not quick, full or smoke");
        }
    }
}
