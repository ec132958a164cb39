package dev.poolguard.example.calls;

import dev.poolguard.lint.LintReport;
import dev.poolguard.lint.Linter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./poolguard lint} finds nothing in the service's main sources, with no package allowed raw JDBC. */
class SourceLintTest {

    @Test
    void mainSourcesLintClean() {
        LintReport report = new Linter(List.of()).lint(List.of(Path.of("src/main/java")));
        assertThat(report.skipped()).isEmpty();
        assertThat(report.filesChecked()).isGreaterThan(30);
        assertThat(report.findings()).as(report.toText()).isEmpty();
    }
}
