package dev.poolguard.cli;

import dev.poolguard.lint.LintReport;
import dev.poolguard.lint.Linter;
import dev.poolguard.lint.SarifReport;
import dev.poolguard.lint.SkippedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./poolguard lint PATH...}: reports raw connections, fetch-all-then-filter queries and fire-and-forget tasks.
 * Exit status 1 when there are findings, 0 when clean, 2 on bad usage. Files that cannot be read or parsed are named
 * on stderr (and in SARIF as notifications) and skipped.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Find code that bypasses Poolguard, leaks connections, fetches whole tables to filter them in "
                + "memory, or starts background work whose failure nobody observes.",
                "Rules: raw-connection, fetch-all-then-filter, fire-and-forget.",
                "Exit status: 0 clean, 1 findings, 2 bad usage."})
final class LintCommand implements Callable<Integer> {

    enum Format { TEXT, SARIF }

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Java files or directories (searched for *.java; "
            + "target/, build/ and .git/ are skipped).")
    List<Path> paths;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|sarif",
            description = "text (default: path:line: [rule-id] message. Fix: hint) or sarif (SARIF 2.1.0 for code scanning).")
    Format format;

    @Option(names = "--allow-package", paramLabel = "PACKAGE",
            description = "A package (with its subpackages) where raw JDBC is legitimate, e.g. com.acme.db. Repeatable.")
    List<String> allowedPackages = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (Path path : paths) {
            boolean javaFile = Files.isRegularFile(path) && path.getFileName().toString().endsWith(".java");
            if (!javaFile && !Files.isDirectory(path)) {
                throw new ParameterException(spec.commandLine(), Files.exists(path)
                        ? "'" + path + "' is not a .java file or a directory"
                        : "'" + path + "': no such file or directory");
            }
        }
        Linter linter;
        try {
            linter = new Linter(allowedPackages);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--allow-package: " + e.getMessage());
        }
        LintReport report = linter.lint(paths);

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (SkippedFile skipped : report.skipped()) {
            err.println(skipped.toText());
        }
        out.print(format == Format.SARIF ? SarifReport.toJson(report) : report.toText());
        out.flush();
        err.println("poolguard lint: " + report.summary());
        err.flush();
        return report.hasFindings() ? 1 : 0;
    }
}
