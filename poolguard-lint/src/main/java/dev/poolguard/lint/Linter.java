package dev.poolguard.lint;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.PackageDeclaration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks Java sources for {@link Rule}s. Paths may be files or directories; directories are searched for
 * {@code *.java}, skipping {@code target/}, {@code build/} and {@code .git/}. A file that cannot be read or parsed is
 * reported as a {@link SkippedFile}; the run goes on.
 *
 * <pre>{@code
 * LintReport report = new Linter(List.of("com.acme.db")).lint(List.of(Path.of("src/main/java")));
 * }</pre>
 */
public final class Linter {

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "build", ".git");
    private static final Pattern PACKAGE_NAME = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private final List<String> allowedPackages;
    private final ParserConfiguration parserConfiguration;

    /**
     * @param allowedPackages packages (with their subpackages) where raw JDBC is legitimate: {@code com.acme.db}
     * @throws IllegalArgumentException naming an entry that is not a package name
     */
    public Linter(Collection<String> allowedPackages) {
        for (String p : allowedPackages) {
            if (p == null || !PACKAGE_NAME.matcher(p).matches()) {
                throw new IllegalArgumentException("allowed package '" + p + "' is not a Java package name (com.acme.db)");
            }
        }
        this.allowedPackages = List.copyOf(allowedPackages);
        // The newest language level the parser knows, so records, sealed types and patterns parse.
        this.parserConfiguration = new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.BLEEDING_EDGE)
                .setCharacterEncoding(StandardCharsets.UTF_8);
    }

    public LintReport lint(List<Path> paths) {
        List<Finding> findings = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        Set<Path> files = new TreeSet<>();
        for (Path path : paths) {
            collect(path.normalize(), files, skipped);
        }
        int checked = 0;
        for (Path file : files) {
            if (lintFile(file, findings, skipped)) {
                checked++;
            }
        }
        findings.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)
                .thenComparingInt(Finding::column).thenComparing(f -> f.rule().id()));
        return new LintReport(findings, skipped, checked);
    }

    private static void collect(Path path, Set<Path> files, List<SkippedFile> skipped) {
        if (Files.isRegularFile(path)) {
            files.add(path);
            return;
        }
        if (!Files.isDirectory(path)) {
            skipped.add(new SkippedFile(display(path), 0, "no such file or directory"));
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean skipped = !dir.equals(path) && SKIPPED_DIRECTORIES.contains(String.valueOf(dir.getFileName()));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".java")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    skipped.add(new SkippedFile(display(file), 0, "cannot read: " + e));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            skipped.add(new SkippedFile(display(path), 0, "cannot read: " + e));
        }
    }

    /** @return whether the file was checked (false: recorded as skipped) */
    private boolean lintFile(Path file, List<Finding> findings, List<SkippedFile> skipped) {
        String path = display(file);
        String source;
        try {
            source = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            skipped.add(new SkippedFile(path, 0, "cannot read: " + e));
            return false;
        }
        ParseResult<CompilationUnit> parsed = new JavaParser(parserConfiguration).parse(source);
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            Problem first = parsed.getProblems().isEmpty() ? null : parsed.getProblems().get(0);
            int line = first == null ? 0 : first.getLocation().flatMap(l -> l.getBegin().getRange())
                    .map(r -> r.begin.line).orElse(0);
            String message = first == null ? "unknown parse error" : first.getVerboseMessage().lines().findFirst().orElse("");
            skipped.add(new SkippedFile(path, line, "not parsable as Java: " + message));
            return false;
        }
        CompilationUnit unit = parsed.getResult().get();
        String packageName = unit.getPackageDeclaration().map(PackageDeclaration::getNameAsString).orElse("");
        List<Finding> fileFindings = new ArrayList<>();
        SourceFile sourceFile = new SourceFile(path, unit, isAllowed(packageName), fileFindings);
        try {
            RawConnectionCheck.check(sourceFile);
            FetchAllThenFilterCheck.check(sourceFile);
            FireAndForgetCheck.check(sourceFile);
        } catch (RuntimeException e) {
            // A rule tripping over an unusual tree must not end the run: report the file as skipped.
            skipped.add(new SkippedFile(path, 0, "lint failed on this file: " + e));
            return false;
        }
        findings.addAll(fileFindings);
        return true;
    }

    private boolean isAllowed(String packageName) {
        for (String allowed : allowedPackages) {
            if (packageName.equals(allowed) || packageName.startsWith(allowed + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The path as given, with {@code /} separators on every platform. */
    private static String display(Path path) {
        return path.toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}
