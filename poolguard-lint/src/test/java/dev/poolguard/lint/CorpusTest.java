package dev.poolguard.lint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realistic corpus (see its README): each project linted on its own with its own poolguard-lint.yml reports
 * exactly its {@code expect} and {@code wrong} lines, and the per-rule score the README quotes is what the markers
 * give.
 */
class CorpusTest {

    static final List<String> PROJECTS = List.of("chat-server", "petclinic", "proxy", "tracker");

    static LintReport lint(String project) {
        Path dir = Fixtures.CORPUS.resolve(project);
        Path config = dir.resolve(LintConfig.FILE_NAME);
        LintConfig lintConfig = Files.isRegularFile(config) ? LintConfig.load(config) : LintConfig.builder().build();
        return new Linter(lintConfig).lint(List.of(dir.resolve("src")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat-server", "petclinic", "proxy", "tracker"})
    void eachProjectReportsExactlyItsMarkedLines(String project) {
        LintReport report = lint(project);

        assertThat(report.skipped()).isEmpty();
        assertThat(Fixtures.actual(report)).as(report.toText())
                .containsExactlyInAnyOrderElementsOf(Fixtures.expected(Fixtures.CORPUS.resolve(project)));
    }

    @Test
    void perRuleScoreOnTheCorpus() {
        List<String> output = new ArrayList<>();
        for (String project : PROJECTS) {
            output.addAll(lint(project).toText().lines().toList());
        }

        assertThat(CorpusScore.score(Fixtures.CORPUS, output)).isEqualTo("""
                rule                   findings  right  wrong  missed  precision  recall
                connection-leak               8      7      1       1        88%     88%
                pool-bypass                  13     12      1       1        92%     92%
                fetch-all-then-filter         6      6      0       1       100%     86%
                fire-and-forget              12     11      1       0        92%    100%
                """);
    }
}
