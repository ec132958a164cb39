package dev.poolguard.example.calls;

import dev.poolguard.Database;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.example.calls.telephony.TelephonyProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /health} is {@code db.diagnostics().health()}: 200 while the database answers, 503 DOWN once it is gone. */
class HealthTest {

    @Test
    void healthIs503DownWhenTheDatabaseIsGoneAndUpAgainWhenItIsBack() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            CallsConfig config = Harness.testConfig().build();
            Database db = CallsService.databaseBuilder(config).url(server.url()).connectionTimeout(Duration.ofSeconds(1)).build();
            TelephonyProvider none = request -> {
                throw new IllegalStateException("no calls in this test");
            };
            try (CallsService service = CallsService.builder(db, none).config(config).start()) {
                Http http = new Http(service.url());
                Http.Response up = http.get("/health");
                assertThat(up.status()).isEqualTo(200);
                assertThat(up.get("status").asText()).isEqualTo("UP");
                assertThat(up.get("probe").get("ok").asBoolean()).isTrue();

                server.stop();
                Http.Response down = await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/health"), r -> r.status() == 503);
                assertThat(down.get("status").asText()).isEqualTo("DOWN");
                assertThat(down.get("reasons")).isNotEmpty();

                server.startAgain();
                await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health").status() == 200);
            }
        }
    }

    @Test
    void serveReportsABadSettingAndDoesNotStart() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(Map.of("CALLS_PORT", "eighty", "DATABASE_URL", "postgres://nobody@127.0.0.1:1/none"),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Service:");
    }
}
