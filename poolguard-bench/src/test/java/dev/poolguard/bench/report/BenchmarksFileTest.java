package dev.poolguard.bench.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchmarksFileTest {

    @Test
    void aNewSectionIsAppendedAndARerunReplacesItInPlace() {
        String original = "# Benchmarks\n\nintro\n\n## Someone else's section\n\nkept\n";
        String once = BenchmarksFile.replace(original, "chaos/full", "## Chaos\n\nfirst run\n");
        assertThat(once).startsWith(original).endsWith(BenchmarksFile.begin("chaos/full") + "\n## Chaos\n\nfirst run\n"
                + BenchmarksFile.end("chaos/full") + "\n");

        String withNotes = once + "\n## Hand-written notes after it\n";
        String twice = BenchmarksFile.replace(withNotes, "chaos/full", "## Chaos\n\nsecond run\n");
        assertThat(twice).contains("second run").doesNotContain("first run")
                .startsWith(original).endsWith("\n## Hand-written notes after it\n");
        assertThat(twice.split(BenchmarksFile.begin("chaos/full"), -1)).hasSize(2);
    }

    @Test
    void sectionsOfOtherKeysAreLeftAlone() {
        String text = BenchmarksFile.replace("# B\n", "stub-cycles/quick", "quick figures");
        text = BenchmarksFile.replace(text, "stub-cycles/full", "full figures");
        text = BenchmarksFile.replace(text, "stub-cycles/quick", "new quick figures");
        assertThat(text).contains("new quick figures", "full figures").doesNotContain("\nquick figures");
        assertThat(text.indexOf("new quick figures")).isLessThan(text.indexOf("full figures"));
    }
}
