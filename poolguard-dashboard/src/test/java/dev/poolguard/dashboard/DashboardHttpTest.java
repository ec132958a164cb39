package dev.poolguard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.Database;
import dev.poolguard.DatabaseBuilder;
import dev.poolguard.InvalidConfigurationException;
import dev.poolguard.embedded.SharedPostgres;
import dev.poolguard.micrometer.PrometheusText;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real HTTP against the JDK server, real PostgreSQL behind it. */
class DashboardHttpTest {

    static final String PASSWORD = "Pa55word-Never-Shown";
    static final String BIND_SECRET = "Bind-Secret-42";
    private static final String TOKEN = "s3cret-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static DatabaseBuilder builder(String poolName) {
        // The embedded server trusts loopback, so the password is never checked, only (never) shown.
        String url = SharedPostgres.server().url().replace("://postgres@", "://postgres:" + PASSWORD + "@");
        return Database.builder().url(url).poolName(poolName).minIdle(0)
                .connectionTimeout(Duration.ofSeconds(2)).drainTimeout(Duration.ofSeconds(2));
    }

    private HttpResponse<String> get(URI base, String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(URI base, String path) throws Exception {
        HttpResponse<String> r = get(base, path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(r.body());
    }

    @Test
    void servesThePageItsAssetsTheApisAndMetricsOnLoopback() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Database db = builder("http").maxPoolSize(3).build(); Dashboard dashboard = Dashboard.start(db, 0)) {
            URI base = dashboard.uri();
            assertThat(base.toString()).isEqualTo("http://127.0.0.1:" + dashboard.port() + "/");

            HttpResponse<String> page = get(base, "");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("default-src 'none'").contains("script-src 'self';").contains("connect-src 'self'");
            assertThat(page.body()).contains("<script src=\"assets/dashboard.js\" defer></script>")
                    .contains("assets/uplot/1.6.30/uPlot.iife.min.js")
                    .doesNotContain("src=\"/").doesNotContain("href=\"/").doesNotContain("http://").doesNotContain("https://");
            HttpResponse<String> uplot = get(base, "assets/uplot/1.6.30/uPlot.iife.min.js");
            assertThat(uplot.statusCode()).isEqualTo(200);
            assertThat(uplot.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(uplot.body()).contains("uPlot");
            assertThat(get(base, "assets/uplot/1.6.30/uPlot.min.css").body()).contains(".uplot");
            assertThat(get(base, "assets/dashboard.js").body()).contains("api/status?since=");

            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> SlowReport.hold(db.workload("reports"), release));
            await().atMost(Duration.ofSeconds(5)).until(() -> json(base, "api/leases").get("leases").size() == 1);
            for (int i = 0; i < 2; i++) {
                try {
                    db.update("insert into nowhere values (?)", BIND_SECRET);
                } catch (RuntimeException expected) {
                    // the event is what this test reads
                }
            }

            JsonNode lease = json(base, "api/leases").get("leases").get(0);
            assertThat(lease.get("callSite").asText()).startsWith("dev.poolguard.dashboard.SlowReport.hold(SlowReport.java:");
            assertThat(lease.get("workload").asText()).isEqualTo("reports");
            assertThat(lease.get("inTransaction").asBoolean()).isTrue();
            assertThat(lease.get("sql").asText()).isEqualTo("select count(*) from pg_class");
            assertThat(lease.get("heldForMillis").asLong()).isGreaterThanOrEqualTo(lease.get("idleForMillis").asLong());

            JsonNode status = json(base, "api/status");
            assertThat(status.get("pool").asText()).isEqualTo("http");
            assertThat(status.get("database").asText()).contains("****").doesNotContain(PASSWORD);
            assertThat(status.at("/status/active").asInt()).isEqualTo(1);
            assertThat(status.at("/status/max").asInt()).isEqualTo(3);
            assertThat(status.at("/route/mode").asText()).isEqualTo("direct");
            assertThat(status.at("/route/description").asText()).startsWith("direct to PostgreSQL, detected");
            assertThat(status.at("/totals/poolerRefusals").asLong()).isZero();
            assertThat(status.get("workloads").findValuesAsText("workload")).contains("default", "reports", "background");
            assertThat(status.at("/history/samples").size()).isPositive();
            assertThat(status.at("/history/intervalMillis").asLong()).isEqualTo(1000);
            long last = status.at("/history/samples").get(status.at("/history/samples").size() - 1).get("t").asLong();
            assertThat(json(base, "api/status?since=" + last).at("/history/samples").size()).isLessThanOrEqualTo(1);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode events = json(base, "api/events");
                List<JsonNode> queryErrors = new ArrayList<>();
                events.get("groups").forEach(g -> {
                    if (g.get("category").asText().equals("query_error")) {
                        queryErrors.add(g);
                    }
                });
                assertThat(queryErrors).hasSize(1);
                assertThat(queryErrors.get(0).get("count").asInt()).isEqualTo(2);
                assertThat(queryErrors.get(0).get("label").asText()).isEqualTo("Query errors");
                assertThat(queryErrors.get(0).get("message").asText()).contains("relation \"nowhere\" does not exist");
                assertThat(events.get("categories").findValuesAsText("id")).contains("connection_critical",
                        "connection_expected", "exhaustion", "leak", "revoked", "unbounded_result", "n_plus_one", "failed_task");
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> json(base, "api/status").at("/rates/errors").asInt() == 2);

            JsonNode health = json(base, "api/health");
            assertThat(health.get("status").asText()).isIn("UP", "DEGRADED");
            assertThat(health.at("/probe/ok").asBoolean()).isTrue();

            HttpResponse<String> metrics = get(base, "metrics");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            PrometheusText scrape = PrometheusText.parse(metrics.body());
            assertThat(scrape.value("db_client_connection_count", "pool_name", "http", "state", "used")).isEqualTo(1);
            assertThat(scrape.value("poolguard_workload_connections_used", "workload", "reports")).isEqualTo(1);
            assertThat(scrape.value("poolguard_errors_total", "error_type", "data", "expected", "false")).isEqualTo(2);

            // PostgreSQL quotes the offending value in a data error's message; the event must not carry it.
            assertThatThrownBy(() -> db.queryOne("select ?::int", rs -> 1, BIND_SECRET));
            await().atMost(Duration.ofSeconds(5)).until(() -> get(base, "api/events").body().contains("invalid input syntax for type integer"));
            for (String path : List.of("", "assets/dashboard.js", "api/status", "api/leases", "api/events", "api/health", "metrics")) {
                assertThat(get(base, path).body()).as(path).doesNotContain(PASSWORD).doesNotContain(BIND_SECRET);
            }
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
    }

    @Test
    void unknownPathsMethodsAndBadQueriesGetProblemDocuments() throws Exception {
        try (Database db = builder("problems").build(); Dashboard dashboard = Dashboard.start(db, 0)) {
            URI base = dashboard.uri();
            HttpResponse<String> missing = get(base, "api/nothing");
            assertThat(missing.statusCode()).isEqualTo(404);
            JsonNode problem = JSON.readTree(missing.body());
            assertThat(problem.get("title").asText()).isEqualTo("Not Found");
            assertThat(problem.get("status").asInt()).isEqualTo(404);
            assertThat(problem.get("type").asText()).isEqualTo("about:blank");
            assertThat(problem.get("details").asText()).contains("'api/nothing'").contains("api/status");

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("api/status"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

            HttpResponse<String> bad = get(base, "api/status?since=yesterday");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).get("details").asText()).isEqualTo("since: 'yesterday' is not a time in epoch milliseconds");

            HttpResponse<String> head = http.send(HttpRequest.newBuilder(base.resolve("api/status"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void anyAddressButLoopbackNeedsAnAccessToken() {
        try (Database db = builder("bind").build()) {
            assertThatThrownBy(() -> Dashboard.builder(db).bindAddress("0.0.0.0").start())
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("accessToken: is required to bind 0.0.0.0, which is not a loopback address")
                    .hasMessageContaining("at least 16 characters");
            assertThatThrownBy(() -> Dashboard.builder(db).accessToken("short-secret"))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("accessToken: has 12 characters; it needs 16 to 512")
                    .hasMessageNotContaining("short-secret");
            assertThatThrownBy(() -> Dashboard.builder(db).accessToken("has a space in the middle"))
                    .hasMessageContaining("character 4 is not allowed");
            assertThatThrownBy(() -> Dashboard.builder(db).port(70000)).hasMessage("port: 70000 is out of range 0..65535");
            assertThatThrownBy(() -> Dashboard.builder(db).bindAddress("no-such-host.invalid"))
                    .hasMessage("bindAddress: 'no-such-host.invalid' is not an address of this machine");
        }
    }

    @Test
    void theTokenIsCheckedOnEveryRequest() throws Exception {
        try (Database db = builder("token").build();
             Dashboard dashboard = Dashboard.builder(db).bindAddress("0.0.0.0").accessToken(TOKEN).start()) {
            URI base = dashboard.uri();
            assertThat(base.getHost()).isEqualTo("127.0.0.1");
            for (String path : List.of("", "assets/dashboard.js", "api/status", "api/leases", "api/events", "api/health", "metrics")) {
                HttpResponse<String> none = get(base, path);
                assertThat(none.statusCode()).as(path).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"poolguard\"");
                assertThat(JSON.readTree(none.body()).get("details").asText()).contains("Authorization: Bearer");
                assertThat(get(base, path, "Authorization", "Bearer " + TOKEN + "x").statusCode()).as(path).isEqualTo(401);
                assertThat(get(base, path, "Authorization", "Bearer s3cret").statusCode()).as(path).isEqualTo(401);
                assertThat(get(base, path, "Authorization", "Bearer " + TOKEN).statusCode()).as(path).isEqualTo(200);
                assertThat(get(base, path, "Cookie", "other=1; " + DashboardHandler.COOKIE + "=" + TOKEN).statusCode()).as(path).isEqualTo(200);
                assertThat(get(base, path, "Cookie", DashboardHandler.COOKIE + "=wrong-token-value-here").statusCode()).as(path).isEqualTo(401);
            }
            for (String page : List.of("?token=" + TOKEN, "index.html?token=" + TOKEN)) {
                HttpResponse<String> open = get(base, page);
                assertThat(open.statusCode()).isEqualTo(303);
                assertThat(open.headers().firstValue("Location")).hasValue("./");
                assertThat(open.headers().firstValue("Set-Cookie"))
                        .hasValue(DashboardHandler.COOKIE + "=" + TOKEN + "; Path=/; HttpOnly; SameSite=Strict");
            }
            // ?token= opens the page only: anywhere else it would land in access logs and Referer headers
            for (String path : List.of("api/status", "api/leases", "metrics", "assets/dashboard.js")) {
                assertThat(get(base, path + "?token=" + TOKEN).statusCode()).as(path).isEqualTo(401);
            }
            assertThat(get(base, "?token=nope").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theCookieIsScopedToTheMountPointAndCanBeSecure() throws Exception {
        try (Database db = builder("cookie").build();
             DashboardHandler handler = DashboardHandler.builder(db).accessToken(TOKEN).mountPath("/ops/poolguard")
                     .secureCookie(true).build()) {
            DashboardResponse open = handler.handle("GET", "/", "token=" + TOKEN, Map.of());
            assertThat(open.status()).isEqualTo(303);
            assertThat(open.headers().get("Set-Cookie"))
                    .isEqualTo(DashboardHandler.COOKIE + "=" + TOKEN + "; Path=/ops/poolguard/; HttpOnly; SameSite=Strict; Secure");
            assertThat(handler.handle("GET", "/api/status", "token=" + TOKEN, Map.of()).status()).isEqualTo(401);
            assertThat(handler.handle("GET", "/api/status", null, Map.of("Cookie", DashboardHandler.COOKIE + "=" + TOKEN))
                    .status()).isEqualTo(200);
            // the bare mount point, outside the cookie's path, only moves the browser on (query kept) and shows nothing
            DashboardResponse bare = handler.handle("GET", "", "token=" + TOKEN, Map.of());
            assertThat(bare.status()).isEqualTo(200);
            assertThat(bare.bodyText()).contains("location.replace(").doesNotContain(TOKEN);
            assertThat(bare.headers()).doesNotContainKey("Set-Cookie");
            for (String bad : List.of("poolguard", "/poolguard/", "/pool guard", "/a;b", "/")) {
                assertThatThrownBy(() -> DashboardHandler.builder(db).mountPath(bad))
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessageContaining("mountPath: '" + bad + "' is not a path such as /poolguard");
            }
        }
    }

    /** Opens a connection and sends the start of a request, never its end. */
    private static java.net.Socket stalledRequest(int port) throws Exception {
        java.net.Socket s = new java.net.Socket("127.0.0.1", port);
        s.setSoTimeout(8000);
        s.getOutputStream().write("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Whether the server closed the connection (end of stream or reset) before the socket's read timeout. */
    private static boolean closedByServer(java.net.Socket s) throws java.io.IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset: closed with the request unread
        }
    }

    private static void closeAll(List<java.net.Socket> sockets) throws java.io.IOException {
        for (java.net.Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void stalledClientsAreCutOffAndCannotStarveTheServer() throws Exception {
        try (Database db = builder("stalled").build();
             Dashboard dashboard = Dashboard.builder(db).readTimeout(Duration.ofSeconds(1)).start()) {
            List<java.net.Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < Dashboard.THREADS; i++) {
                    stalled.add(stalledRequest(dashboard.port())); // one per request thread
                }
                long start = System.nanoTime();
                assertThat(get(dashboard.uri(), "api/health").statusCode()).as("served once the stalled reads are cut off")
                        .isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                for (java.net.Socket s : stalled) {
                    assertThat(closedByServer(s)).as("the server closed the stalled connection").isTrue();
                }
            } finally {
                closeAll(stalled);
            }
            assertThatThrownBy(() -> Dashboard.builder(db).readTimeout(Duration.ofMillis(500)))
                    .hasMessage("readTimeout: 500ms is out of range 1s..5m");
        }
    }

    @Test
    void connectionsBeyondTheQueueAreRefusedNotQueuedWithoutBound() throws Exception {
        try (Database db = builder("flood").build();
             Dashboard dashboard = Dashboard.builder(db).readTimeout(Duration.ofSeconds(30)).start()) {
            List<java.net.Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < Dashboard.THREADS + RequestThreads.QUEUE_CAPACITY; i++) {
                    stalled.add(stalledRequest(dashboard.port()));
                }
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    try (java.net.Socket extra = stalledRequest(dashboard.port())) {
                        extra.setSoTimeout(500);
                        assertThat(closedByServer(extra)).as("refused at once").isTrue();
                    }
                });
            } finally {
                closeAll(stalled);
            }
        }
    }

    @Test
    void theHandlerAnswersWithoutAnyServerForFrameworksToMount() throws Exception {
        try (Database db = builder("mounted").build();
             DashboardHandler handler = DashboardHandler.builder(db).metrics(() -> "# TYPE app_up gauge\napp_up 1.0\n").build()) {
            // The bare mount point (/poolguard) only moves the browser to /poolguard/, where relative URLs work.
            DashboardResponse bare = handler.handle("GET", "", null, Map.of());
            assertThat(bare.status()).isEqualTo(200);
            assertThat(bare.bodyText()).contains("location.replace(").doesNotContain("assets/");
            assertThat(bare.headers().get("Content-Security-Policy")).startsWith("default-src 'none'; script-src 'sha256-");
            assertThat(handler.handle("GET", null, null, Map.of()).bodyText()).isEqualTo(bare.bodyText());
            DashboardResponse page = handler.handle("GET", "/", null, Map.of());
            assertThat(page.bodyText()).contains("assets/dashboard.js");
            assertThat(handler.handle("GET", "/index.html", null, Map.of()).bodyText()).isEqualTo(page.bodyText());
            DashboardResponse status = handler.handle("GET", "api/status", "since=0", Map.of());
            assertThat(JSON.readTree(status.body()).get("pool").asText()).isEqualTo("mounted");
            assertThat(handler.handle("GET", "/api/leases", "", null).status()).isEqualTo(200);
            assertThat(PrometheusText.parse(handler.handle("GET", "/metrics", null, Map.of()).bodyText()).value("app_up")).isEqualTo(1.0);
            assertThat(handler.handle("DELETE", "/api/leases", null, Map.of()).status()).isEqualTo(405);
        }
    }

    /** docs/observability.md's example: a dashboard of its own, on loopback or shared behind a token. */
    @Test
    void theDocumentedDashboardsStartAndServe() throws Exception {
        String token = "a-long-enough-shared-secret";
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        try (Database db = builder("docs").build()) {
            // snippet: dashboard
            try (Dashboard dashboard = Dashboard.start(db, 0)) {          // 0: a free port; http://127.0.0.1:<port>/
                System.out.println("Poolguard dashboard: " + dashboard.uri());
            }

            Dashboard shared = Dashboard.builder(db).bindAddress("0.0.0.0").port(0)
                    .accessToken(token)                                       // required for any non-loopback address
                    .metrics(registry::scrape)                                // optional: your registry's text at /metrics
                    .start();
            // end snippet
            try (shared) {
                java.net.URI local = java.net.URI.create("http://127.0.0.1:" + shared.uri().getPort() + "/api/status");
                java.net.http.HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(local).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as("no token").isEqualTo(401);
                java.net.http.HttpResponse<String> served = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(local).header("Authorization", "Bearer " + token).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(served.statusCode()).isEqualTo(200);
            }
        }
    }
}
