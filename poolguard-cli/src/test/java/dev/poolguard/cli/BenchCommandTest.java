package dev.poolguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    @Test
    void smokeRunOfTheStubGroupPrintsItsTableAndWritesItsSection(@TempDir Path dir) throws Exception {
        Path markdown = dir.resolve("BENCHMARKS.md");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute("bench", "--profile", "smoke", "--only", "stub",
                    "--markdown", markdown.toString(), "--plots", dir.resolve("plots").toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("## Overhead on a no-op stub driver (smoke profile)", "| Agroal");
        assertThat(Files.readString(markdown)).contains("<!-- poolguard-bench:begin stub-cycles/smoke -->",
                "`./poolguard bench --profile smoke --only stub --markdown " + markdown);
    }

    @Test
    void anUnknownGroupIsAUsageErrorNamingTheKnownOnes() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("bench", "--only", "stub,disk")).isEqualTo(2);
        assertThat(err.toString()).contains("--only: unknown group 'disk'; known: stub, point, chaos");
    }

    @Test
    void fullAndAnotherProfileContradict() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("bench", "--full", "--profile", "quick")).isEqualTo(2);
        assertThat(err.toString()).contains("--full and --profile quick contradict each other");
        assertThat(cli.execute("bench", "--profile", "long")).isEqualTo(2);
        assertThat(err.toString()).contains("--profile: 'long' is not quick, full or smoke");
    }
}
