package dev.poolguard.lint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How long the lint takes on N real Java files, in a fresh JVM: the first run (what {@code ./poolguard lint} pays after
 * the JVM starts, parser and rules not yet compiled by the JIT) and then warm runs. The files are copies of every
 * module's main sources and the lint's corpus, each copy in its own folder, so the set is real code of ordinary size.
 * Not a test (a timed test would be flaky on a shared machine); BENCHMARKS.md has the command and the figures.
 */
public final class LintSpeed {

    private LintSpeed() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path repository = Path.of(args.length > 2 ? args[2] : "..").toAbsolutePath().normalize();
        Path dir = Files.createTempDirectory("poolguard-lint-speed");
        long lines = copy(sources(repository), dir, count);
        System.out.printf(Locale.ROOT, "%d files, %,d lines (%d per file on average) in %s%n", count, lines, lines / count, dir);

        Linter linter = new Linter(LintConfig.builder().build());
        long start = System.nanoTime();
        long cpu = cpuNanos();
        LintReport first = linter.lint(List.of(dir));
        System.out.printf(Locale.ROOT, "first run (cold JIT): %.2f s wall, %.2f s CPU; %s%n",
                (System.nanoTime() - start) / 1e9, (cpuNanos() - cpu) / 1e9, first.summary());

        double[] warm = new double[warmRuns];
        double[] warmCpu = new double[warmRuns];
        for (int i = 0; i < warmRuns; i++) {
            start = System.nanoTime();
            cpu = cpuNanos();
            linter.lint(List.of(dir));
            warm[i] = (System.nanoTime() - start) / 1e9;
            warmCpu[i] = (cpuNanos() - cpu) / 1e9;
        }
        Arrays.sort(warm);
        Arrays.sort(warmCpu);
        if (warmRuns > 0) {
            System.out.printf(Locale.ROOT, "warm runs: median %.2f s wall (min %.2f, max %.2f), median %.2f s CPU, over %d "
                            + "runs; %d worker threads; load average %.1f on %d cores%n", warm[warmRuns / 2], warm[0],
                    warm[warmRuns - 1], warmCpu[warmRuns / 2], warmRuns, Math.min(Runtime.getRuntime().availableProcessors(), 4),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /** CPU time of the whole process (every thread, the JIT and GC included): the cost, whatever else the machine runs. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static List<Path> sources(Path repository) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repository)) {
            for (Path module : modules.sorted().toList()) {
                for (Path root : List.of(module.resolve("src/main/java"), module.resolve("src/test/resources/corpus"))) {
                    if (Files.isDirectory(root)) {
                        try (Stream<Path> files = Files.walk(root)) {
                            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(sources::add);
                        }
                    }
                }
            }
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(repository + " has no module with src/main/java: pass the repository root");
        }
        return sources;
    }

    /** {@code count} files, cycling through the sources, copy {@code k} of each in folder {@code copy-k}. */
    private static long copy(List<Path> sources, Path dir, int count) throws IOException {
        long lines = 0;
        for (int i = 0; i < count; i++) {
            Path source = sources.get(i % sources.size());
            Path target = dir.resolve("copy-" + (i / sources.size())).resolve(i + "-" + source.getFileName());
            Files.createDirectories(target.getParent());
            Files.copy(source, target);
            lines += Files.readAllLines(target, java.nio.charset.StandardCharsets.ISO_8859_1).size();
        }
        return lines;
    }
}
