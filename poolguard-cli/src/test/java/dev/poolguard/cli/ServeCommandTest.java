package dev.poolguard.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {

    @Test
    void serveIsACommandThatExplainsItsEnvironment() {
        StringWriter out = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("serve", "--help")).isZero();
        assertThat(out.toString()).contains("Run the reference voice-campaign service against DATABASE_URL")
                .contains("CALLS_PORT").contains("SIGTERM");
    }
}
