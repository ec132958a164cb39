package dev.poolguard.lint;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.MethodCallExpr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks Java sources for {@link Rule}s. Paths may be files or directories (see {@link SourceTree} for what is
 * searched and skipped). Each file is read, parsed and checked on its own, on worker threads with a large stack;
 * whatever goes wrong with one file (unreadable, too large, not Java, a {@link StackOverflowError} in the parser, a
 * rule tripping over an odd tree) makes it a {@link SkippedFile} with the reason, and the run goes on.
 *
 * <pre>{@code
 * LintReport report = new Linter(LintConfig.load(Path.of("poolguard-lint.yml"))).lint(List.of(Path.of("src/main/java")));
 * }</pre>
 */
public final class Linter {

    /**
     * Stack of each worker thread. JavaParser recurses once per nesting level (a few thousand nested {@code if}s or
     * concatenated strings need tens of MiB); the memory is only reserved, and touched as deep as a file needs.
     */
    static final long WORKER_STACK_BYTES = 512L * 1024 * 1024;

    private final LintConfig config;
    private final long stackBytes;

    public Linter(LintConfig config) {
        this(config, WORKER_STACK_BYTES);
    }

    /**
     * @param ownerPackages packages (with their subpackages) where raw JDBC is legitimate: {@code com.acme.db}
     * @throws IllegalArgumentException naming an entry that is not a package name
     */
    public Linter(Collection<String> ownerPackages) {
        this(LintConfig.builder().ownerPackages(ownerPackages).build());
    }

    Linter(LintConfig config, long stackBytes) {
        this.config = config;
        this.stackBytes = stackBytes;
    }

    /** What the file's checks produced, or why it was skipped. */
    private record FileResult(SourceFile checked, SkippedFile skipped, Notice notice, boolean installsDefaultHandler) {
    }

    /**
     * @throws IllegalStateException when interrupted (the run is incomplete; the CLI exits 3)
     */
    public LintReport lint(List<Path> paths) {
        SourceTree tree = SourceTree.collect(paths);
        List<SkippedFile> skipped = new ArrayList<>(tree.skipped());
        List<Notice> notices = new ArrayList<>();
        List<FileResult> results = new ArrayList<>();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
        AtomicInteger number = new AtomicInteger();
        ExecutorService workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread t = new Thread(null, task, "poolguard-lint-" + number.incrementAndGet(), stackBytes);
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<FileResult>> pending = new ArrayList<>();
            for (SourceTree.Source source : tree.sources()) {
                pending.add(workers.submit(() -> lintFile(source)));
            }
            for (int i = 0; i < pending.size(); i++) {
                try {
                    results.add(pending.get(i).get());
                } catch (ExecutionException e) { // lintFile catches every Throwable; kept for completeness
                    results.add(new FileResult(null, new SkippedFile(tree.sources().get(i).path(), 0,
                            "lint failed on this file: " + e.getCause()), null, false));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("lint interrupted before every file was checked", e);
        } finally {
            workers.shutdownNow();
        }

        boolean defaultHandler = results.stream().anyMatch(FileResult::installsDefaultHandler);
        List<Finding> findings = new ArrayList<>();
        int checked = 0;
        for (FileResult r : results) {
            if (r.notice() != null) {
                notices.add(r.notice());
            }
            if (r.skipped() != null) {
                skipped.add(r.skipped());
                continue;
            }
            checked++;
            findings.addAll(r.checked().findings());
            if (!defaultHandler) {
                findings.addAll(r.checked().excusedByDefaultHandler());
            }
        }
        findings.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)
                .thenComparingInt(Finding::column).thenComparing(f -> f.rule().id()));
        skipped.sort(Comparator.comparing(SkippedFile::path));
        return new LintReport(findings, skipped, notices, checked);
    }

    private FileResult lintFile(SourceTree.Source source) {
        String path = source.path();
        Notice notice = null;
        try {
            long size = Files.size(source.file());
            if (size > config.maxFileBytes()) {
                return skip(path, 0, "larger than the " + bytes(config.maxFileBytes()) + " limit (" + bytes(size)
                        + "); raise --max-file-size to check it", null);
            }
            byte[] bytes = Files.readAllBytes(source.file());
            String text;
            try {
                text = config.charset().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                text = new String(bytes, LintConfig.FALLBACK_CHARSET);
                notice = new Notice(path, "not valid " + config.charset().name() + ", read as "
                        + LintConfig.FALLBACK_CHARSET.name() + " (set --encoding if it is something else)");
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1); // a byte-order mark is not Java
            }
            ParseResult<CompilationUnit> parsed = new JavaParser(parserConfiguration()).parse(text);
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                Problem first = parsed.getProblems().isEmpty() ? null : parsed.getProblems().get(0);
                int line = first == null ? 0 : first.getLocation().flatMap(l -> l.getBegin().getRange())
                        .map(r -> r.begin.line).orElse(0);
                String message = first == null ? "unknown parse error" : first.getVerboseMessage().lines().findFirst().orElse("");
                return skip(path, line, "not parsable as Java: " + message, notice);
            }
            CompilationUnit unit = parsed.getResult().get();
            SourceFile file = new SourceFile(path, unit, config);
            ConnectionCheck.check(file);
            FetchAllThenFilterCheck.check(file);
            FireAndForgetCheck.check(file);
            boolean installsDefaultHandler = unit.findFirst(MethodCallExpr.class,
                    c -> c.getNameAsString().equals("setDefaultUncaughtExceptionHandler")).isPresent();
            return new FileResult(file, null, notice, installsDefaultHandler);
        } catch (StackOverflowError e) {
            return skip(path, 0, "too deeply nested to check (StackOverflowError with a " + bytes(stackBytes)
                    + " stack)", notice);
        } catch (IOException e) {
            return skip(path, 0, "cannot read: " + e, notice);
        } catch (Throwable e) { // one odd file (a parser or rule bug, even an Error) must not end the run
            return skip(path, 0, "lint failed on this file: " + e, notice);
        }
    }

    private static FileResult skip(String path, int line, String reason, Notice notice) {
        return new FileResult(null, new SkippedFile(path, line, reason), notice, false);
    }

    /**
     * No language-level validation and no comment attribution: the grammar parses every Java version's syntax anyway,
     * and the validators walk the tree many times over (they were over a third of the run's time); the rules read no
     * comments. (Tokens stay stored: without them some nodes lose their position.)
     */
    private static ParserConfiguration parserConfiguration() {
        return new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.RAW).setAttributeComments(false);
    }

    /** {@code 2 MiB}, {@code 512 KiB}, {@code 900 bytes}. */
    static String bytes(long n) {
        if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
            return n / (1024 * 1024) + " MiB";
        }
        if (n >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        }
        if (n >= 1024 && n % 1024 == 0) {
            return n / 1024 + " KiB";
        }
        if (n >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return n + " bytes";
    }
}
