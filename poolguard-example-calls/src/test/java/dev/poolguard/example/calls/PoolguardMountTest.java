package dev.poolguard.example.calls;

import dev.poolguard.example.calls.telephony.TelephonyProvider;
import dev.poolguard.micrometer.PrometheusText;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service serves Poolguard's dashboard at /poolguard and a Prometheus scrape at /metrics. */
class PoolguardMountTest {

    @Test
    void metricsAndTheDashboardAreServedAndMoveWithRequests() throws Exception {
        try (Harness h = Harness.start()) {
            PrometheusText before = PrometheusText.parse(h.http().get("/metrics").body());
            assertThat(before.value("db_client_connection_max")).isEqualTo(h.service().config().poolSize());
            double usesBefore = before.value("db_client_connection_use_time_seconds_count");

            long user = h.user("metrics@example.com", 2);
            h.campaign(user, "metrics", 2, 3);

            PrometheusText after = PrometheusText.parse(h.http().get("/metrics").body());
            assertThat(after.value("db_client_connection_use_time_seconds_count")).as("borrows are counted")
                    .isGreaterThan(usesBefore);

            Http.Response status = h.http().get("/poolguard/api/status");
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.get("status").get("max").asInt()).isEqualTo(h.service().config().poolSize());
            assertThat(status.get("database").asText()).doesNotContain(Harness.TOKEN);
            assertThat(h.http().get("/poolguard/api/leases").get("leases").isArray()).isTrue();
            assertThat(h.http().get("/poolguard/api/events").get("groups").isArray()).isTrue();

            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(h.http().url("/poolguard/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).contains("Poolguard");
            assertThat(h.http().get("/poolguard").status()).as("the bare mount point answers too").isEqualTo(200);
        }
    }

    @Test
    void aDashboardTokenGuardsBothMounts() throws Exception {
        String token = "dashboard-token-0123456789";
        UnaryOperator<CallsService.Builder> withToken = b -> b.config(Harness.testConfig().dashboardToken(token).build());
        TelephonyProvider none = request -> {
            throw new IllegalStateException("no calls in this test");
        };
        try (Harness h = Harness.startWith(none, withToken)) {
            assertThat(h.http().get("/metrics").status()).isEqualTo(401);
            assertThat(h.http().get("/poolguard/api/status").status()).isEqualTo(401);
            // ?token= opens the page, whose cookie is scoped to the dashboard; anywhere else it is refused
            HttpResponse<String> open = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    h.http().url("/poolguard/index.html?token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(open.statusCode()).isEqualTo(303);
            assertThat(open.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Path=/poolguard/;");
            assertThat(h.http().get("/poolguard/api/status?token=" + token).status()).isEqualTo(401);
            assertThat(h.http().get("/health").status()).as("the service's own endpoints are unaffected").isEqualTo(200);
        }
    }

    @Test
    void beyondLoopbackWithoutATokenNothingIsMounted() {
        TelephonyProvider none = request -> {
            throw new IllegalStateException("no calls in this test");
        };
        UnaryOperator<CallsService.Builder> allInterfaces = b -> b.config(Harness.testConfig().host("0.0.0.0").build());
        try (Harness h = Harness.startWith(none, allInterfaces)) {
            Http loopback = new Http(URI.create("http://127.0.0.1:" + h.service().port() + "/"));
            assertThat(loopback.get("/metrics").status()).isEqualTo(404);
            assertThat(loopback.get("/poolguard/api/status").status()).isEqualTo(404);
            assertThat(loopback.get("/health").status()).isEqualTo(200);
        }
        assertThatThrownBy(() -> Harness.testConfig().dashboardToken("short"))
                .hasMessageContaining("dashboardToken: must be 16..512 characters");
    }
}
