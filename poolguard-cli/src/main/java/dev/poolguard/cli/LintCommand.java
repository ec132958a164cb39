package dev.poolguard.cli;

import dev.poolguard.lint.LintConfig;
import dev.poolguard.lint.LintReport;
import dev.poolguard.lint.Linter;
import dev.poolguard.lint.Notice;
import dev.poolguard.lint.SarifReport;
import dev.poolguard.lint.SkippedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./poolguard lint PATH...}: reports connection leaks, borrows that bypass Poolguard, fetch-all-then-filter
 * queries and fire-and-forget tasks. Exit status 0 clean, 1 findings, 2 bad usage, 3 the tool failed (or, with
 * {@code --fail-on-skipped}, a file could not be checked). Files that cannot be read or parsed are named on stderr
 * (and in SARIF as notifications) and skipped.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Find connection leaks, raw JDBC outside its owners, whole tables fetched then filtered in "
                + "memory, and background work whose failure nobody observes.",
                "Rules: connection-leak, pool-bypass, fetch-all-then-filter, fire-and-forget.",
                "Owners of raw JDBC and your own borrow methods: poolguard-lint.yml in the working directory, or --config.",
                "Exit status: 0 clean, 1 findings, 2 bad usage, 3 the tool failed (or a file was skipped, with "
                        + "--fail-on-skipped)."})
final class LintCommand implements Callable<Integer> {

    static final int CLEAN = 0;
    static final int FINDINGS = 1;
    static final int USAGE = 2;
    static final int TOOL_FAILED = 3;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([kKmM](?:i?[bB])?|[bB])?");

    enum Format { TEXT, SARIF }

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Java files or directories (searched for *.java, "
            + "symbolic links followed once; hidden directories, target/ beside a pom.xml and build/ beside a Gradle "
            + "build are skipped).")
    List<Path> paths;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|sarif",
            description = "text (default: path:line: [rule-id] message. Fix: hint) or sarif (SARIF 2.1.0 for code scanning).")
    Format format;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The project's lint configuration (default: " + LintConfig.FILE_NAME + " in the working directory, when it exists).")
    Path config;

    @Option(names = "--allow-package", paramLabel = "PACKAGE",
            description = "A package (with its subpackages) that owns raw JDBC, added to owners.packages. Repeatable.")
    List<String> allowedPackages = new ArrayList<>();

    @Option(names = "--encoding", defaultValue = "UTF-8", paramLabel = "CHARSET",
            description = "How source files are decoded (default UTF-8); a file invalid in it is read as ISO-8859-1 "
                    + "and named on stderr.")
    String encoding;

    @Option(names = "--max-file-size", defaultValue = "2MiB", paramLabel = "SIZE",
            description = "Larger files are skipped and named (default 2MiB; 512KiB, 4M, 100000).")
    String maxFileSize;

    @Option(names = "--fail-on-skipped",
            description = "Exit 3 when any file could not be checked (unreadable, too large, not parsable).")
    boolean failOnSkipped;

    @Spec
    CommandSpec spec;

    /** Where ./poolguard-lint.yml is looked for; a field so tests need not change the process's directory. */
    Path workingDirectory = Path.of("");

    /** The run itself; a field so a test can make the tool fail. */
    BiFunction<LintConfig, List<Path>, LintReport> lint = (lintConfig, paths) -> new Linter(lintConfig).lint(paths);

    @Override
    public Integer call() {
        LintConfig lintConfig = configuration();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        LintReport report;
        try {
            report = lint.apply(lintConfig, paths);
        } catch (Throwable e) { // the report would be incomplete: say so, and never exit as if it were clean
            err.println("poolguard lint: the tool failed, no report: " + e);
            err.flush();
            return TOOL_FAILED;
        }
        for (SkippedFile skipped : report.skipped()) {
            err.println(skipped.toText());
        }
        for (Notice notice : report.notices()) {
            err.println(notice.toText());
        }
        out.print(format == Format.SARIF ? SarifReport.toJson(report) : report.toText());
        out.flush();
        double seconds = (System.nanoTime() - started) / 1e9;
        err.println("poolguard lint: " + report.summary() + String.format(Locale.ROOT, " (%.1f s)", seconds));
        if (failOnSkipped && !report.skipped().isEmpty()) {
            err.println("poolguard lint: exit 3: " + report.skipped().size() + " file(s) could not be checked "
                    + "(--fail-on-skipped)");
            err.flush();
            return TOOL_FAILED;
        }
        err.flush();
        return report.hasFindings() ? FINDINGS : CLEAN;
    }

    /** The configuration file's settings with the flags added; any bad value is a usage error (exit 2). */
    private LintConfig configuration() {
        for (Path path : paths) {
            boolean javaFile = Files.isRegularFile(path) && path.getFileName().toString().endsWith(".java");
            if (!javaFile && !Files.isDirectory(path)) {
                throw usage(Files.exists(path)
                        ? "'" + path + "' is not a .java file or a directory"
                        : "'" + path + "': no such file or directory");
            }
        }
        try {
            LintConfig.Builder builder;
            if (config != null) {
                builder = LintConfig.load(config).toBuilder();
            } else {
                Path found = workingDirectory.resolve(LintConfig.FILE_NAME);
                builder = Files.isRegularFile(found) ? LintConfig.load(found).toBuilder() : LintConfig.builder();
            }
            try {
                builder.ownerPackages(allowedPackages);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--allow-package: " + e.getMessage(), e);
            }
            return builder.charset(charset(encoding)).maxFileBytes(size(maxFileSize)).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("--encoding: '" + name + "' is not a charset this JVM knows "
                    + "(UTF-8, ISO-8859-1, windows-1252, ...)");
        }
    }

    /** {@code 2MiB}, {@code 512k}, {@code 100000}: binary units. */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--max-file-size: '" + text + "' is not a size (512KiB, 2MiB, 100000)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        long bytes = unit.startsWith("k") ? n * 1024 : unit.startsWith("m") ? n * 1024 * 1024 : n;
        try {
            return LintConfig.builder().maxFileBytes(bytes).build().maxFileBytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-file-size: " + e.getMessage(), e);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
