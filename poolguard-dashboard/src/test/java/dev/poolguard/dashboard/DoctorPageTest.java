package dev.poolguard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.Database;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The doctor's page and {@code api/doctor}, behind the dashboard's token rules, backed by {@code db.diagnostics().doctor()}. */
class DoctorPageTest {

    private static final String TOKEN = "doctor-token-for-tests";

    private static String body(DashboardResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void apiDoctorIsTheReportForThisPoolAndTheInstancesTheDashboardWasGiven() throws Exception {
        try (Database db = DashboardHttpTest.builder("doctor-page").maxPoolSize(4).build();
             DashboardHandler handler = DashboardHandler.builder(db).instances(100).build()) {
            DashboardResponse r = handler.handle("GET", "/api/doctor", null, Map.of());

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
            assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
            String text = body(r);
            assertThat(text).doesNotContain(DashboardHttpTest.PASSWORD);
            JsonNode report = new ObjectMapper().readTree(text);
            assertThat(report.at("/budget/poolSize").asInt()).isEqualTo(4);
            assertThat(report.at("/budget/instances").asInt()).isEqualTo(100);
            assertThat(report.at("/findings/0/code").asText()).isEqualTo("connections.over-budget");
            assertThat(report.at("/target").asText()).contains(":****@");
            // reused for a few seconds: a page left open does not become load
            assertThat(body(handler.handle("GET", "/api/doctor", null, Map.of()))).isEqualTo(text);
        }
    }

    @Test
    void thePageIsServedUnderThePageCspAndWritesTextOnly() throws Exception {
        try (Database db = DashboardHttpTest.builder("doctor-page").maxPoolSize(2).build();
             DashboardHandler handler = DashboardHandler.create(db)) {
            DashboardResponse page = handler.handle("GET", "/doctor", null, Map.of());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.headers().get("Content-Security-Policy")).contains("script-src 'self';");
            assertThat(body(page)).contains("<script src=\"assets/doctor.js\" defer></script>", "href=\"api/doctor\"")
                    .doesNotContain("src=\"/");
            String script = body(handler.handle("GET", "/assets/doctor.js", null, Map.of()));
            assertThat(script).contains("fetch('api/doctor'", "textContent").doesNotContain("innerHTML");
            assertThat(body(handler.handle("GET", "/", null, Map.of()))).contains("<a href=\"doctor\">doctor</a>");
        }
    }

    @Test
    void theTokenRulesApply() throws Exception {
        try (Database db = DashboardHttpTest.builder("doctor-page").maxPoolSize(2).build();
             DashboardHandler handler = DashboardHandler.builder(db).accessToken(TOKEN).build()) {
            assertThat(handler.handle("GET", "/api/doctor", null, Map.of()).status()).isEqualTo(401);
            assertThat(handler.handle("GET", "/doctor", null, Map.of()).status()).isEqualTo(401);
            assertThat(handler.handle("GET", "/api/doctor", null, Map.of("Authorization", "Bearer " + TOKEN)).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aDoctorThatCannotConnectAnswers503WithTheReason() {
        try (Database db = Database.builder().url("postgres://app:" + DashboardHttpTest.PASSWORD + "@127.0.0.1:1/app")
                .maxPoolSize(1).minIdle(0).build();
             DashboardHandler handler = DashboardHandler.create(db)) {
            DashboardResponse r = handler.handle("GET", "/api/doctor", null, Map.of());
            assertThat(r.status()).isEqualTo(503);
            assertThat(body(r)).contains("refused the connection").doesNotContain(DashboardHttpTest.PASSWORD);
        }
    }

    @Test
    void theInstanceCountIsChecked() {
        try (Database db = DashboardHttpTest.builder("doctor-page").maxPoolSize(2).build()) {
            assertThatThrownBy(() -> DashboardHandler.builder(db).instances(0))
                    .hasMessage("instances: must be between 1 and 10000, was 0");
        }
    }
}
