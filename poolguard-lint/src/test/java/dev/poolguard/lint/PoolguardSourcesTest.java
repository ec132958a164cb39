package dev.poolguard.lint;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Poolguard's own main sources, every module's, linted as a user would lint theirs, with raw JDBC allowed in the
 * core's internals, the embedded test server and the benchmarks (which run raw pools as the baseline). Decision: no
 * finding anywhere else, and inside the owner packages exactly one known one: the primitive's borrow, which
 * {@code Engine} hands to a lease and closes when the call ends. ({@code TaskRunner}'s
 * {@code execute(() -> run(..))} is not reported: the lambda delegates to {@code run}, which catches every failure.)
 */
class PoolguardSourcesTest {

    @Test
    void poolguardMainSourcesLintCleanOutsideTheAllowedInternals() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> mainSources;
        try (Stream<Path> modules = Files.list(root)) {
            mainSources = modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        }
        assertThat(mainSources).extracting(p -> root.relativize(p).getName(0).toString())
                .contains("poolguard-core", "poolguard-embedded", "poolguard-cli", "poolguard-lint", "poolguard-archunit");

        LintReport report = new Linter(List.of("dev.poolguard.internal", "dev.poolguard.embedded", "dev.poolguard.bench")).lint(mainSources);

        assertThat(report.skipped()).isEmpty();
        assertThat(report.filesChecked()).isGreaterThan(40);
        assertThat(report.findings()).as(report.toText())
                .allSatisfy(f -> assertThat(f.path()).contains("/src/main/java/dev/poolguard/internal/"));
        assertThat(report.findings()).as(report.toText()).hasSize(1);
        assertThat(report.findings()).as(report.toText()).anySatisfy(f -> {
            assertThat(f.path()).endsWith("dev/poolguard/internal/Borrowing.java"); // the one primitive that borrows
            assertThat(f.rule()).isEqualTo(Rule.CONNECTION_LEAK);
            assertThat(f.message()).startsWith("pool.getConnection(..) ('connection') is not closed by try-with-resources");
        });
    }
}
