package dev.poolguard.example.calls;

import dev.poolguard.Database;
import dev.poolguard.dashboard.DashboardHandler;
import dev.poolguard.dashboard.DashboardResponse;
import dev.poolguard.example.calls.email.LoggingEmailSender;
import dev.poolguard.example.calls.telephony.DialRequest;
import dev.poolguard.example.calls.telephony.TelephonyProvider;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java examples of docs/observability.md (the dashboard mounted in Javalin) and docs/reference-service.md (the
 * service embedded, with a route of its own): the text between the snippet markers is what the pages show.
 */
class DocSnippetsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDashboardMountsInJavalin() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Database db = Database.builder().url(TestDatabases.fresh()).maxPoolSize(2).minIdle(0).build()) {
            // snippet: javalin-mount
            DashboardHandler poolguard = DashboardHandler.builder(db).mountPath("/poolguard").metrics(registry::scrape)
                    .build();  // close() at shutdown
            Handler mounted = ctx -> {
                DashboardResponse r = poolguard.handle(ctx.req().getMethod(), ctx.path().substring("/poolguard".length()),
                        ctx.queryString(), ctx.headerMap());
                r.headers().forEach(ctx::header);
                ctx.status(r.status()).contentType(r.contentType()).result(r.body());
            };
            Javalin app = Javalin.create(config -> {
                config.routes.get("/poolguard", mounted);
                config.routes.get("/poolguard/<path>", mounted);
            });
            // end snippet
            try (poolguard) {
                app.start("127.0.0.1", 0);
                try {
                    HttpResponse<String> status = get("http://127.0.0.1:" + app.port() + "/poolguard/api/status");
                    assertThat(status.statusCode()).isEqualTo(200);
                    assertThat(status.body()).contains("\"route\"");
                } finally {
                    app.stop();
                }
            }
        }
    }

    @Test
    void theServiceEmbedsWithARouteOfItsOwn() throws Exception {
        Map<String, String> env = Map.of("DATABASE_URL", TestDatabases.fresh(), "CALLS_PORT", "0");
        TelephonyProvider provider = (DialRequest request) -> String.format("CA%032x", request.callId());
        String version = "1.4.2";
        // snippet: embedding
        CallsConfig config = CallsConfig.fromEnv(env);
        Database db = CallsService.databaseBuilder(config).fromEnv(env).build();
        CallsService service = CallsService.builder(db, provider)
                .config(config)
                .email(new LoggingEmailSender())
                .mount(routes -> routes.get("/version", ctx -> ctx.result(version)))   // more routes
                .start()
                .closeOnShutdown();
        // end snippet
        try (service) {
            assertThat(get(service.url() + "/version").body()).isEqualTo("1.4.2");
            assertThat(get(service.url() + "/health").statusCode()).isEqualTo(200);
        }
    }
}
