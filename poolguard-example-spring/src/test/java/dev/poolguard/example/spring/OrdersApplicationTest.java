package dev.poolguard.example.spring;

import dev.poolguard.Database;
import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventType;
import dev.poolguard.embedded.SharedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service end to end on a real port, against the embedded PostgreSQL, with a pool of two: what Poolguard says about
 * a leak, an exhausted pool and an N+1, the health endpoint while the pool is exhausted, and Hibernate working through
 * the leased DataSource. One application context for the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "poolguard.max-pool-size=2", "poolguard.min-idle=0", "poolguard.connection-timeout=1500ms",
        "poolguard.leak-threshold=1s", "poolguard.reclaim-after=4s", "poolguard.drain-timeout=2s",
        "management.endpoints.web.exposure.include=health,prometheus"})
@AutoConfigureObservability(tracing = false) // Spring Boot tests turn metrics export off unless told otherwise
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrdersApplicationTest {

    private static final String APP = "dev.poolguard.example.spring.";
    private static final int CUSTOMERS = 12;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> SharedPostgres.server().url());
    }

    @LocalServerPort
    int port;

    @Autowired
    Database db;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void customersWithOneOrderEachThroughJpaAndJdbcClient() throws Exception {
        for (int i = 0; i < CUSTOMERS; i++) {
            HttpResponse<String> created = post("/customers?name=customer-" + i);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String id = created.body().replaceAll("\\D", "");
            assertThat(post("/orders?customerId=" + id + "&total=" + (10 + i)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void hibernateWorksThroughTheLeasedDataSourceAndItsLazyLoadingNPlusOneNamesTheServiceMethod() throws Exception {
        HttpResponse<String> counts = get("/customers/order-counts");
        assertThat(counts.statusCode()).isEqualTo(200);
        assertThat(counts.body()).contains("\"customer-0\":1", "\"customer-11\":1");
        DiagnosticEvent nPlusOne = awaitEvent(EventType.N_PLUS_ONE, "GET /customers/order-counts");
        assertThat(nPlusOne.message()).contains("at " + APP + "customers.CustomerService.orderCounts(CustomerService.java:");
    }

    @Test
    void anNPlusOneAcrossOneRequestsBorrowsIsReportedWithItsCallSite() throws Exception {
        HttpResponse<String> orders = get("/orders/with-customers");
        assertThat(orders.statusCode()).isEqualTo(200);
        DiagnosticEvent nPlusOne = awaitEvent(EventType.N_PLUS_ONE, "GET /orders/with-customers");
        assertThat(nPlusOne.message()).contains("ran 11 times with different parameters in one GET /orders/with-customers")
                .contains("at " + APP + "orders.OrderService.ordersWithCustomerNames(OrderService.java:");
        assertThat(nPlusOne.context().callSite()).startsWith(APP + "orders.OrderService.ordersWithCustomerNames(");
    }

    @Test
    void anExhaustedPoolsErrorNamesTheTransactionalMethodAndHealthStillAnswersAtOnce() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> slowReports = List.of(
                http.sendAsync(request("/reports/revenue?slowSeconds=3").GET().build(), HttpResponse.BodyHandlers.ofString()),
                http.sendAsync(request("/reports/revenue?slowSeconds=3").GET().build(), HttpResponse.BodyHandlers.ofString()));
        await().atMost(Duration.ofSeconds(5)).until(() -> db.diagnostics().status().active() == 2);
        assertThat(db.diagnostics().leases()).allSatisfy(l -> assertThat(l.callSite()).isEqualTo(APP + "reports.ReportService.monthlyRevenue"));

        long start = System.nanoTime();
        HttpResponse<String> health = get("/actuator/health");
        long healthMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"db\"").contains("\"poolguard\":\"DEGRADED\"").contains("pool saturated");
        assertThat(healthMillis).as("health answered in %d ms with the pool exhausted", healthMillis).isLessThan(750);

        HttpResponse<String> refused = post("/orders?customerId=1&total=5");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("getConnection got no connection in").contains("pool exhausted")
                .contains("holders: " + APP + "reports.ReportService.monthlyRevenue x2");

        for (CompletableFuture<HttpResponse<String>> report : slowReports) {
            assertThat(report.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> db.diagnostics().status().active() == 0);
    }

    @Test
    void aLeakedConnectionIsReportedWithItsMethodAndReclaimed() throws Exception {
        assertThat(get("/debug/leak").body()).isEqualTo("leaked");
        String site = APP + "web.DebugController.leak(DebugController.java:";
        DiagnosticEvent leak = awaitEvent(EventType.LEAK, site);
        assertThat(leak.context().callSite()).startsWith(site);
        DiagnosticEvent revoked = awaitEvent(EventType.LEASE_REVOKED, site);
        assertThat(revoked.message()).contains("was revoked: held for").contains("its connection was aborted and the pool capacity returned");
        await().atMost(Duration.ofSeconds(3)).until(() -> db.diagnostics().status().active() == 0 && db.diagnostics().leases().isEmpty());
        assertThat(get("/reports/revenue").statusCode()).isEqualTo(200); // the capacity is back
    }

    @Test
    void theDashboardAndPoolMetricsAreOnTheManagementSide() throws Exception {
        HttpResponse<String> status = get("/actuator/poolguard/api/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(status.body()).contains("\"max\":2");
        assertThat(get("/actuator/poolguard/").body()).contains("Poolguard");
        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("db_client_connection_max").contains("db_client_connection_count");
    }

    private DiagnosticEvent awaitEvent(EventType type, String fragment) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> db.diagnostics().recentEvents().stream()
                .filter(e -> e.type() == type && (e.message().contains(fragment)
                        || (e.context().callSite() != null && e.context().callSite().startsWith(fragment))))
                .findFirst().orElse(null), e -> e != null);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
    }
}
