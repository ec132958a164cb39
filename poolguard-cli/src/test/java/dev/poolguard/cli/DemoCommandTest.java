package dev.poolguard.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    private record Run(int exit, String out) {
    }

    private static Run demo(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute(args);
        } finally {
            System.setOut(original);
        }
        return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    }

    private static long value(String summary, String key) {
        Matcher m = Pattern.compile("\\b" + key + "=(\\d+)").matcher(summary);
        assertThat(m.find()).as(key + " in " + summary).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String summaryLine(String out) {
        Matcher m = Pattern.compile("(?m)^SUMMARY .*$").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group();
    }

    @Test
    void demoRunsTheReferenceServiceAndEndsWithACleanSummary() {
        Run run = demo("demo", "--duration", "4s", "--port", "0");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).containsPattern("Service: http://127\\.0\\.0\\.1:\\d+");
        assertThat(run.out()).containsPattern("Dashboard: http://127\\.0\\.0\\.1:\\d+/poolguard/");
        assertThat(run.out()).containsPattern("\\[\\s+1s\\] calls queued=\\d+ active=\\d+ completed=\\d+ \\| webhooks=\\d+ duplicates=\\d+"
                + " \\| pool total=\\d+ active=\\d+ idle=\\d+ waiting=\\d+ \\| failures=0 limit_violations=0");
        String summary = summaryLine(run.out());
        assertThat(value(summary, "calls")).isPositive();
        assertThat(value(summary, "completed")).isEqualTo(value(summary, "calls"));
        assertThat(value(summary, "failed")).isZero();
        assertThat(value(summary, "limit_violations")).isZero();
        assertThat(value(summary, "webhooks")).isPositive();
        assertThat(value(summary, "duplicates_ignored")).isPositive();
        assertThat(value(summary, "ops")).isPositive();
        assertThat(value(summary, "max_active")).isBetween(1L, 10L);
        assertThat(value(summary, "summaries")).isEqualTo(value(summary, "campaigns")).isPositive();
        assertThat(value(summary, "streams")).isEqualTo(value(summary, "answered")).isPositive();
        assertThat(value(summary, "stream_failures")).isZero();
    }

    @Test
    void aBurstOfAnsweredCallsStreamsWithoutFailures() {
        Run run = demo("demo", "--duration", "3s", "--port", "0", "--burst", "60");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("a burst of 60 calls answered within one second");
        Matcher burst = Pattern.compile("(?m)^BURST calls=60 answered_within=(\\d+\\.\\d\\d)s lookup=indexed history=0 .*$")
                .matcher(run.out());
        assertThat(burst.find()).as(run.out()).isTrue();
        // answered within a second, give or take the timer's jitter on a busy machine
        assertThat(Double.parseDouble(burst.group(1))).isLessThan(1.5);
        assertThat(value(burst.group(), "pool_max_active")).isBetween(1L, 10L);
        assertThat(burst.group()).containsPattern("longest_wait_ms=\\d+\\.\\d connection_timeouts=0");
        String summary = summaryLine(run.out());
        assertThat(value(summary, "failed")).isZero();
        assertThat(value(summary, "streams")).isGreaterThanOrEqualTo(60);
        assertThat(value(summary, "stream_failures")).isZero();
        assertThat(summary).containsPattern("max_wait_ms=\\d+\\.\\d");
    }

    @Test
    void chaosTerminatesBackendsAndStillEndsWithNoFailures() {
        Run run = demo("demo", "--duration", "5s", "--port", "0", "--chaos", "--chaos-every", "1s");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("with chaos: every backend of the service terminated every 1s");
        String summary = summaryLine(run.out());
        assertThat(value(summary, "chaos_kills")).isPositive();
        assertThat(value(summary, "failed")).isZero();
        assertThat(value(summary, "limit_violations")).isZero();
        assertThat(value(summary, "completed")).isEqualTo(value(summary, "calls")).isPositive();
    }

    @Test
    void badOptionsAreClearUsageErrors() {
        assertThat(Main.commandLine().execute("demo", "--duration", "ten")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--port", "70000")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--chaos-every", "10ms")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--burst", "1001")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--stream-lookup", "scan")).isEqualTo(2);
    }
}
