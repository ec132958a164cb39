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
    @ValueSource(strings = {"raw-connection", "fetch-all-then-filter", "fire-and-forget"})
    void reportsExactlyTheMarkedLinesOfEachRulesFixtures(String rule) {
        Path dir = Fixtures.dir(rule);
        LintReport report = linter.lint(List.of(dir));

        assertThat(report.skipped()).isEmpty();
        assertThat(Fixtures.expected(dir)).isNotEmpty().allMatch(e -> e.endsWith(" " + rule));
        assertThat(Fixtures.actual(report)).containsExactlyInAnyOrderElementsOf(Fixtures.expected(dir));
        assertThat(report.filesChecked()).isEqualTo(2);
    }

    @Test
    void rawConnectionMessagesSayWhatIsWrongAndWhatToUse() {
        LintReport report = linter.lint(List.of(Fixtures.dir("raw-connection")));

        Finding leak = Fixtures.findingAt(report, "CallDao.java", 25);
        assertThat(leak.message()).isEqualTo("dataSource.getConnection() ('c') is not closed by try-with-resources or a "
                + "finally, so an exception on the way leaks the connection");
        assertThat(leak.fix()).startsWith("use Database.query/queryOne/update/transaction, which always release the connection");
        assertThat(Fixtures.findingAt(report, "CallDao.java", 35).message())
                .isEqualTo("dataSource.getConnection() is stored in field 'cached', so the connection outlives the call "
                        + "that borrowed it and stays checked out while idle");
        assertThat(Fixtures.findingAt(report, "CallDao.java", 39).message()).contains("stored in field 'cached'");
        assertThat(Fixtures.findingAt(report, "CallDao.java", 48).message())
                .isEqualTo("dataSource.getConnection() borrows a connection directly, bypassing Poolguard, outside the "
                        + "allowed packages");
        assertThat(Fixtures.findingAt(report, "CallDao.java", 48).fix()).endsWith("with --allow-package");
        assertThat(Fixtures.findingAt(report, "CallDao.java", 56).message())
                .startsWith("new HikariDataSource(..) creates a connection pool or DataSource outside the allowed packages");
    }

    @Test
    void withoutAllowedPackagesEveryBorrowAndPoolIsABypass() {
        LintReport report = new Linter(List.of()).lint(List.of(Fixtures.dir("raw-connection/com/acme/db")));

        // 2 leaks as before, plus 5 closed or returned borrows and 1 pool, now outside any allowed package.
        assertThat(report.findings()).hasSize(8).allMatch(f -> f.rule() == Rule.RAW_CONNECTION);
        assertThat(report.findings()).filteredOn(f -> f.message().contains("bypassing Poolguard")).hasSize(5);
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

    @Test
    void directoriesAreSearchedForJavaFilesSkippingBuildOutputAndGit(@TempDir Path dir) throws IOException {
        String bad = "class A { void f() { java.util.concurrent.CompletableFuture.runAsync(() -> g()); } void g() {} }";
        for (String path : List.of("src/A.java", "target/A.java", "build/A.java", ".git/A.java", "src/notes.txt")) {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, bad);
        }

        LintReport report = linter.lint(List.of(dir));

        assertThat(report.filesChecked()).isEqualTo(1);
        assertThat(report.findings()).singleElement().satisfies(f -> assertThat(f.path()).endsWith("/src/A.java"));
    }

    @Test
    void anAllowedPackageMustBeAPackageName() {
        assertThatThrownBy(() -> new Linter(List.of("com.acme.db..")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowed package 'com.acme.db..' is not a Java package name (com.acme.db)");
    }
}
