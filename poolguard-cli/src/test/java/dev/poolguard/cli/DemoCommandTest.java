package dev.poolguard.cli;

import dev.poolguard.embedded.SystemTool;
import dev.poolguard.embedded.junit.RequiresTool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run demo(String... args) {
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute(args);
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
        return new Run(exit, captured.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
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
    void demoRunsTheReferenceServiceThroughChaosAndEndsWithACleanSummary() {
        // one run for both: the suite's time is worth more than a separate run without chaos
        Run run = demo("demo", "--duration", "4s", "--port", "0", "--chaos", "--chaos-every", "1s");
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
        assertThat(run.out()).contains("with chaos: every backend of the service terminated every 1s");
        assertThat(value(summary, "chaos_kills")).isPositive();
        assertThat(summary).contains("instances=1").contains("pooler=none");
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
    @RequiresTool(SystemTool.PGBOUNCER)
    void instancesBehindAPoolerRideOutChaosWithNoFailures() {
        Run run = demo("demo", "--duration", "4s", "--port", "0", "--pooler", "--instances", "2", "--chaos", "--chaos-every", "1s");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("through PgBouncer on postgres://postgres@127.0.0.1:").contains("on 2 instances")
                .containsPattern("Service demo-1: http://127\\.0\\.0\\.1:\\d+").containsPattern("Service demo-2: http://127\\.0\\.0\\.1:\\d+");
        String summary = summaryLine(run.out());
        assertThat(summary).contains("instances=2").contains("pooler=pgbouncer-transaction(transaction)");
        assertThat(value(summary, "failed")).isZero();
        assertThat(value(summary, "limit_violations")).isZero();
        assertThat(value(summary, "chaos_kills")).isPositive();
        assertThat(value(summary, "completed")).isEqualTo(value(summary, "calls")).isPositive();
        // both instances took part: the traffic and the provider's callbacks are spread over them
        Matcher instances = Pattern.compile("(?m)^INSTANCES demo-1:webhooks=(\\d+),dialed=\\d+,streams=\\d+ demo-2:webhooks=(\\d+),.*$")
                .matcher(run.out());
        assertThat(instances.find()).as(run.out()).isTrue();
        assertThat(Long.parseLong(instances.group(1))).isPositive();
        assertThat(Long.parseLong(instances.group(2))).isPositive();
    }

    @Test
    void thePoolerWithoutPgBouncerIsAUsageErrorNamingThePackage() {
        System.setProperty("poolguard.pgbouncer", "/nonexistent/pgbouncer");
        try {
            Run run = demo("demo", "--pooler", "--port", "0");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("--pooler").contains("apt-get install pgbouncer");
        } finally {
            System.clearProperty("poolguard.pgbouncer");
        }
    }

    @Test
    void badOptionsAreClearUsageErrors() {
        assertThat(Main.commandLine().execute("demo", "--duration", "ten")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--port", "70000")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--chaos-every", "10ms")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--burst", "1001")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--stream-lookup", "scan")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--instances", "9")).isEqualTo(2);
    }
}
