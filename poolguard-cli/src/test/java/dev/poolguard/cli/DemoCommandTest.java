package dev.poolguard.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void demoPrintsStatusLinesAndASummaryWithNoFailures() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute("demo", "--duration", "3s", "--threads", "4", "--pool-size", "4");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).containsPattern("\\[\\s+1s\\] ops=\\d+ failed=0 pool total=\\d+ active=\\d+ idle=\\d+ waiting=\\d+ max=4");
        assertThat(out).containsPattern("(?m)^SUMMARY ops=[1-9]\\d* failed=0 max_active=[1-4] .*balance_conserved=true");
    }

    @Test
    void badDurationIsAClearUsageError() {
        int exit = Main.commandLine().execute("demo", "--duration", "ten");
        assertThat(exit).isEqualTo(2);
    }
}
