package dev.poolguard.lint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinterTest {

    private final Linter linter = new Linter(List.of("com.acme.db"));

    @ParameterizedTest
    @ValueSource(strings = {"connection", "fetch-all-then-filter", "fire-and-forget"})
    void reportsExactlyTheMarkedLinesOfEachRulesFixtures(String name) {
        Path dir = Fixtures.dir(name);
        LintReport report = linter.lint(List.of(dir));

        assertThat(report.skipped()).isEmpty();
        assertThat(Fixtures.expected(dir)).isNotEmpty();
        assertThat(Fixtures.actual(report)).containsExactlyInAnyOrderElementsOf(Fixtures.expected(dir));
        assertThat(report.filesChecked()).isEqualTo(2);
    }

    @Test
    void leakAndBypassAreSeparateFindingsEachWithItsOwnMessageAndFix() {
        LintReport report = linter.lint(List.of(Fixtures.dir("connection")));

        Finding leak = Fixtures.findingAt(report, "CallDao.java", 25, Rule.CONNECTION_LEAK);
        assertThat(leak.message()).isEqualTo("dataSource.getConnection() ('c') is not closed by try-with-resources or a "
                + "finally, so an exception on the way leaks the connection");
        assertThat(leak.fix()).isEqualTo("open it in try (Connection c = ...) { .. }, or use "
                + "Database.query/queryOne/update/transaction, which always release the connection");
        Finding bypass = Fixtures.findingAt(report, "CallDao.java", 25, Rule.POOL_BYPASS);
        assertThat(bypass.message()).isEqualTo("dataSource.getConnection() borrows a JDBC connection outside the owners "
                + "of raw JDBC, going around Poolguard's limits, timeouts and leak detection");
        assertThat(bypass.fix()).isEqualTo("use Database.query/queryOne/update/transaction; or, if com.acme.calls.CallDao "
                + "is meant to own raw JDBC, name it under owners in poolguard-lint.yml (or --allow-package)");
        assertThat(Fixtures.findingAt(report, "CallDao.java", 35, Rule.CONNECTION_LEAK).message())
                .isEqualTo("dataSource.getConnection() is stored in field 'cached', so the connection outlives the call "
                        + "that borrowed it and stays checked out while idle");
        assertThat(Fixtures.findingAt(report, "CallDao.java", 35, Rule.CONNECTION_LEAK).fix())
                .endsWith("if this class owns the connection, close the field in its close() and use it in try-with-resources");
        assertThat(Fixtures.findingAt(report, "CallDao.java", 39, Rule.CONNECTION_LEAK).message())
                .contains("stored in field 'cached'");
        assertThat(Fixtures.findingAt(report, "CallDao.java", 56, Rule.POOL_BYPASS).message())
                .isEqualTo("new HikariDataSource(..) creates a connection pool or DataSource outside the owners of raw "
                        + "JDBC, beside Poolguard's");
    }

    @Test
    void withoutOwnersEveryBorrowAndPoolIsABypassAndLeaksStayLeaks() {
        LintReport report = new Linter(List.of()).lint(List.of(Fixtures.dir("connection/com/acme/db")));

        assertThat(report.findings()).filteredOn(f -> f.rule() == Rule.CONNECTION_LEAK).hasSize(2);
        // 7 borrows (closed, returned or leaking) and 1 pool, outside any owner.
        assertThat(report.findings()).filteredOn(f -> f.rule() == Rule.POOL_BYPASS).hasSize(8);
    }

    @Test
    void fetchAllThenFilterNamesTheReadAndWhereItIsSearched() {
        LintReport report = linter.lint(List.of(Fixtures.dir("fetch-all-then-filter")));

        Finding seed = Fixtures.findingAt(report, "MediaStreamHandler.java", 30);
        assertThat(seed.message()).isEqualTo("callService.getAllCalls() reads a whole table, then line 31 searches the "
                + "rows in memory (.filter(..)); every row is read and mapped while a connection is held");
        assertThat(seed.fix()).startsWith("filter in SQL: a WHERE (and LIMIT) for the rows you need");
        assertThat(Fixtures.findingAt(report, "MediaStreamHandler.java", 41).message())
                .contains("then line 42 searches the rows in memory (a for loop that stops at a match)");
        assertThat(Fixtures.findingAt(report, "MediaStreamHandler.java", 59).message())
                .startsWith("statement.executeQuery(..) runs a SELECT without WHERE or LIMIT")
                .contains("(a while (rs.next()) loop that stops at a match)");
        assertThat(Fixtures.findingAt(report, "MediaStreamHandler.java", 70).message())
                .startsWith("allCalls() runs a SELECT without WHERE or LIMIT, then line 71")
                .contains("(.removeIf(..))");
    }

    @Test
    void fireAndForgetSaysTheFailureIsNotObserved() {
        LintReport report = linter.lint(List.of(Fixtures.dir("fire-and-forget")));

        Finding runAsync = Fixtures.findingAt(report, "CampaignService.java", 13);
        assertThat(runAsync.message()).isEqualTo("CompletableFuture.runAsync(..) starts work whose failure nobody "
                + "observes: the task catches nothing and the returned future is dropped (no "
                + "exceptionally/whenComplete/handle/join/get)");
        assertThat(runAsync.fix()).contains(".exceptionally(..)").endsWith("or submit it through db.tasks()");
        assertThat(Fixtures.findingAt(report, "CampaignService.java", 21).message())
                .startsWith("executor.execute(..) starts work").endsWith("not to you");
        assertThat(Fixtures.findingAt(report, "CampaignService.java", 25).message())
                .startsWith("new Thread(..) starts work").endsWith("only printed to stderr");
    }

    @Test
    void textOutputIsPathLineRuleMessageAndFix() {
        LintReport report = linter.lint(List.of(Fixtures.dir("unparsable/Fine.java")));

        assertThat(report.toText()).isEqualTo("src/test/resources/fixtures/unparsable/Fine.java:7: [fire-and-forget] "
                + "CompletableFuture.runAsync(..) starts work whose failure nobody observes: the task catches nothing "
                + "and the returned future is dropped (no exceptionally/whenComplete/handle/join/get). Fix: observe the "
                + "failure: chain .exceptionally(..) or .whenComplete(..) that logs and reports it, catch and report "
                + "inside the task, or submit it through db.tasks()" + System.lineSeparator());
        assertThat(report.summary()).isEqualTo("1 finding in 1 file; 1 files checked");
    }

    @Test
    void anUnparsableFileIsReportedAndSkippedAndTheRunGoesOn() {
        LintReport report = linter.lint(List.of(Fixtures.dir("unparsable")));

        assertThat(report.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("src/test/resources/fixtures/unparsable/Broken.java");
            assertThat(s.line()).isEqualTo(4);
            assertThat(s.reason()).startsWith("not parsable as Java: ");
            assertThat(s.toText()).startsWith("src/test/resources/fixtures/unparsable/Broken.java:4: skipped: not parsable");
        });
        assertThat(Fixtures.actual(report)).containsExactly("src/test/resources/fixtures/unparsable/Fine.java:7 fire-and-forget");
        assertThat(report.filesChecked()).isEqualTo(1);
        assertThat(report.summary()).isEqualTo("1 finding in 1 file; 1 files checked, 1 skipped");
    }

    @Test
    void aMissingPathIsReportedNotThrown() {
        LintReport report = linter.lint(List.of(Path.of("no/such/dir")));

        assertThat(report.skipped()).singleElement().extracting(SkippedFile::reason).isEqualTo("no such file or directory");
        assertThat(report.findings()).isEmpty();
    }

    private static final String BAD = "class A { void f() { java.util.concurrent.CompletableFuture.runAsync(() -> g()); } "
            + "void g() { h().run(); } Runnable h() { return null; } }";

    private static Path write(Path file, String source) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, source);
    }

    /** {@code if (x) {} else if (x) {} ...} nested {@code depth} deep inside one method. */
    private static String deeplyNested(int depth) {
        StringBuilder s = new StringBuilder("class Deep { void f(boolean x) {\n");
        s.append("if (x) {\n".repeat(depth));
        s.append("}\n".repeat(depth));
        return s.append("} }\n").toString();
    }

    @Test
    void aFileTooDeepForTheParsersStackIsSkippedWithTheReasonAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        write(dir.resolve("Deep.java"), deeplyNested(1_000));
        // The parser reads a long concatenation in a loop; the SQL check follows one handed to a call recursively.
        write(dir.resolve("Concatenated.java"), "class C { void f() { db.query(" + "\"x\" + ".repeat(20_000) + "\"y\"); } }");
        write(dir.resolve("A.java"), BAD);

        LintReport small = new Linter(LintConfig.builder().build(), 256 * 1024).lint(List.of(dir));

        assertThat(small.skipped()).extracting(SkippedFile::toText).containsExactly(
                dir + "/Concatenated.java: skipped: too deeply nested to check (StackOverflowError with a 256 KiB stack)",
                dir + "/Deep.java: skipped: too deeply nested to check (StackOverflowError with a 256 KiB stack)");
        assertThat(Fixtures.actual(small)).containsExactly(dir + "/A.java:1 fire-and-forget");

        LintReport large = linter.lint(List.of(dir)); // the default worker stack takes both in its stride
        assertThat(large.skipped()).isEmpty();
        assertThat(large.filesChecked()).isEqualTo(3);
    }

    @Test
    void onlyRealBuildOutputIsSkippedNotPackagesNamedBuildOrTarget(@TempDir Path dir) throws IOException {
        write(dir.resolve("pom.xml"), "<project/>");
        write(dir.resolve("gradle/build.gradle"), "");
        for (String path : List.of("src/main/java/com/acme/build/A.java", "src/main/java/com/acme/target/A.java",
                "target/generated-sources/A.java", "gradle/build/A.java", ".git/A.java", "src/main/java/com/acme/build/notes.txt",
                "other/build/A.java")) {
            write(dir.resolve(path), BAD);
        }

        LintReport report = linter.lint(List.of(dir));

        assertThat(report.findings()).extracting(f -> f.path().substring(dir.toString().length() + 1)).containsExactly(
                "other/build/A.java", "src/main/java/com/acme/build/A.java", "src/main/java/com/acme/target/A.java");
    }

    @Test
    void symbolicLinksAreFollowedOnceWithoutLooping(@TempDir Path dir) throws IOException {
        write(dir.resolve("real/com/acme/A.java"), BAD);
        Files.createDirectories(dir.resolve("src"));
        Files.createSymbolicLink(dir.resolve("src/linked"), dir.resolve("real"));            // a linked source folder
        Files.createSymbolicLink(dir.resolve("real/com/acme/loop"), dir.resolve("real"));    // a link back up: a loop
        Files.createSymbolicLink(dir.resolve("src/B.java"), dir.resolve("real/com/acme/A.java")); // a linked file

        LintReport linked = linter.lint(List.of(dir.resolve("src")));
        assertThat(linked.skipped()).isEmpty();
        assertThat(Fixtures.actual(linked)).containsExactly(dir + "/src/B.java:1 fire-and-forget"); // one real file, once

        LintReport both = linter.lint(List.of(dir));
        assertThat(both.skipped()).isEmpty();
        assertThat(both.filesChecked()).isEqualTo(1);
    }

    @Test
    void aLatin1FileIsReadInTheFallbackCharsetAndNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Legacy.java");
        Files.write(file, ("// Gr\u00fc\u00dfe\n" + BAD).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        LintReport report = linter.lint(List.of(dir));

        assertThat(report.skipped()).isEmpty();
        assertThat(Fixtures.actual(report)).containsExactly(dir + "/Legacy.java:2 fire-and-forget");
        assertThat(report.notices()).extracting(Notice::toText).containsExactly(dir + "/Legacy.java: not valid UTF-8, "
                + "read as ISO-8859-1 (set --encoding if it is something else)");
    }

    @Test
    void aFileOverTheSizeLimitIsSkippedWithBothSizes(@TempDir Path dir) throws IOException {
        write(dir.resolve("Big.java"), BAD + "//" + "x".repeat(4096));

        LintReport report = new Linter(LintConfig.builder().maxFileBytes(4096).build()).lint(List.of(dir));

        assertThat(report.skipped()).extracting(SkippedFile::reason).containsExactly(
                "larger than the 4 KiB limit (4.1 KiB); raise --max-file-size to check it");
    }

    @Test
    void aDefaultUncaughtExceptionHandlerObservesThreadsAndExecuteButNotSubmittedFutures(@TempDir Path dir)
            throws IOException {
        write(dir.resolve("Work.java"), """
                class Work {
                    java.util.concurrent.ExecutorService executor;
                    void start() {
                        new Thread(() -> send()).start();
                        executor.execute(() -> send());
                        executor.submit(() -> send());
                    }
                    void send() { mailer().send(); }
                }
                """);
        Path main = write(dir.resolve("Main.java"), """
                class Main {
                    public static void main(String[] args) {
                        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.err.println(e));
                    }
                }
                """);

        assertThat(Fixtures.actual(linter.lint(List.of(dir)))).containsExactly(dir + "/Work.java:6 fire-and-forget");
        Files.delete(main);
        assertThat(Fixtures.actual(linter.lint(List.of(dir)))).containsExactly(dir + "/Work.java:4 fire-and-forget",
                dir + "/Work.java:5 fire-and-forget", dir + "/Work.java:6 fire-and-forget");
    }

    @Test
    void anOwnerPackageMustBeAPackageName() {
        assertThatThrownBy(() -> new Linter(List.of("com.acme.db..")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("owner package 'com.acme.db..' is not a Java package name (com.acme.db)");
    }
}
