package dev.poolguard.example.calls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poolguard.testing.PoolguardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP API over real HTTP: JSON errors, validation by field, the body limit, paging, state conflicts. */
class ApiTest {

    static Harness h;
    static final AtomicInteger N = new AtomicInteger();

    @RegisterExtension
    static PoolguardExtension poolguard = PoolguardExtension.watching(() -> h == null ? null : h.db()).strictQueries();

    @BeforeAll
    static void start() {
        h = Harness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static long user() {
        return h.user("api" + N.incrementAndGet() + "@example.com", 5);
    }

    private static void assertProblem(Http.Response r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().fieldNames()).toIterable().containsExactlyInAnyOrder("title", "status", "type", "details");
        assertThat(r.get("status").asInt()).isEqualTo(status);
        assertThat(r.get("type").asText()).isEqualTo(type);
        assertThat(r.get("details").isArray()).isTrue();
    }

    private static List<String> fields(Http.Response r) {
        return r.get("details").findValuesAsText("field");
    }

    @Test
    void validationNamesEveryBadField() {
        Http.Response r = h.http().post("/users", Map.of("email", "not-an-email", "name", "", "maxConcurrentCalls", 0));
        assertProblem(r, 400, "validation-failed");
        assertThat(fields(r)).containsExactlyInAnyOrder("email", "name", "maxConcurrentCalls");
        assertThat(r.get("details").toString()).contains("must be between 1 and 1000, was 0");
    }

    @Test
    void unknownFieldsWrongTypesAndBrokenJsonAreNamed() {
        Http.Response unknown = h.http().post("/users", Map.of("emial", "a@example.com"));
        assertProblem(unknown, 400, "validation-failed");
        assertThat(fields(unknown)).containsExactly("emial");

        Http.Response wrongType = h.http().postRaw("/campaigns", "{\"ownerId\": \"seven\"}");
        assertProblem(wrongType, 400, "validation-failed");
        assertThat(fields(wrongType)).containsExactly("ownerId");

        Http.Response broken = h.http().postRaw("/users", "{\"email\": ");
        assertProblem(broken, 400, "validation-failed");
        assertThat(fields(broken)).containsExactly("body");
    }

    @Test
    void leadErrorsNameTheLeadAndTheField() {
        long campaign = h.campaign(user(), "Leads", 2, 0);
        Http.Response r = h.http().post("/campaigns/" + campaign + "/leads", Map.of("leads", List.of(
                Map.of("name", "Ada", "phone", "+14155550101"),
                Map.of("name", "Bob", "phone", "555-0102", "score", 140))));
        assertProblem(r, 400, "validation-failed");
        assertThat(fields(r)).containsExactlyInAnyOrder("leads[1].phone", "leads[1].score");

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("name", "L" + i, "phone", String.format("+1666%07d", i)));
        }
        Http.Response big = h.http().post("/campaigns/" + campaign + "/leads", Map.of("leads", tooMany));
        assertProblem(big, 400, "validation-failed");
        assertThat(big.get("details").get(0).get("message").asText()).isEqualTo("must hold 1 to 1000 leads per request, had 1001");
    }

    @Test
    void duplicateLeadsAreCountedNotAdded() {
        long campaign = h.campaign(user(), "Duplicates", 2, 0);
        Map<String, Object> ada = Map.of("name", "Ada", "phone", "+14155550111");
        Http.Response first = h.http().post("/campaigns/" + campaign + "/leads", Map.of("leads", List.of(ada, ada)));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.get("added").asInt()).isEqualTo(1);
        assertThat(first.get("duplicates").asInt()).isEqualTo(1);
        Http.Response again = h.http().post("/campaigns/" + campaign + "/leads", Map.of("leads", List.of(ada)));
        assertThat(again.get("added").asInt()).isZero();
    }

    @Test
    void bodyOverTheLimitIs413() {
        String huge = "{\"name\": \"" + "x".repeat((int) CallsConfig.DEFAULT_MAX_BODY_BYTES + 10) + "\"}";
        Http.Response r = h.http().postRaw("/users", huge);
        assertProblem(r, 413, "content-too-large");
        assertThat(r.get("details").get(0).get("message").asText()).isEqualTo("the request body is larger than the limit of 1048576 bytes");
    }

    @Test
    void unknownThingsAre404sInTheSameShape() {
        assertProblem(h.http().get("/nowhere"), 404, "not-found");
        Http.Response campaign = h.http().get("/campaigns/987654");
        assertProblem(campaign, 404, "not-found");
        assertThat(campaign.get("title").asText()).isEqualTo("campaign 987654 not found");
        assertProblem(h.http().get("/campaigns/abc"), 404, "not-found");
        assertProblem(h.http().get("/calls/CA0000"), 404, "not-found");
        assertProblem(h.http().get("/users/424242/active-calls"), 404, "not-found");
        assertProblem(h.http().post("/campaigns", Map.of("ownerId", 424242, "name", "x", "fromNumber", "+14155550100")),
                400, "validation-failed");
    }

    @Test
    void duplicateEmailIsAConflict() {
        Map<String, Object> body = Map.of("email", "same@example.com", "name", "Same");
        assertThat(h.http().post("/users", body).status()).isEqualTo(201);
        assertProblem(h.http().post("/users", body), 409, "conflict");
    }

    @Test
    void campaignStatesAreEnforced() {
        long owner = user();
        long empty = h.campaign(owner, "Empty", 2, 0);
        Http.Response noLeads = h.http().post("/campaigns/" + empty + "/start", Map.of());
        assertProblem(noLeads, 409, "conflict");
        assertThat(noLeads.get("title").asText()).isEqualTo("campaign " + empty + " has no leads");

        long campaign = h.campaign(owner, "Once", 2, 3);
        assertThat(h.http().post("/campaigns/" + campaign + "/start", Map.of()).get("status").asText()).isEqualTo("running");
        assertProblem(h.http().post("/campaigns/" + campaign + "/start", Map.of()), 409, "conflict");
        assertProblem(h.http().post("/campaigns/" + campaign + "/leads",
                Map.of("leads", List.of(Map.of("name", "Late", "phone", "+14155550199")))), 409, "conflict");
        assertProblem(h.http().post("/campaigns/" + campaign + "/schedule", Map.of("at", Instant.now().toString())), 409, "conflict");
        Http.Response badAt = h.http().post("/campaigns/" + empty + "/schedule", Map.of("at", "tomorrow"));
        assertProblem(badAt, 400, "validation-failed");
        assertThat(fields(badAt)).containsExactly("at");
        awaitCompleted(campaign);
    }

    @Test
    void callsArePagedNeverUnbounded() {
        long owner = user();
        long campaign = h.campaign(owner, "Paging", 5, 120);
        assertThat(h.http().post("/campaigns/" + campaign + "/start", Map.of()).status()).isEqualTo(200);

        assertProblem(h.http().get("/campaigns/" + campaign + "/calls?limit=201"), 400, "validation-failed");
        assertThat(fields(h.http().get("/campaigns/" + campaign + "/calls?limit=0"))).containsExactly("limit");
        assertThat(fields(h.http().get("/campaigns/" + campaign + "/calls?after=-4"))).containsExactly("after");
        assertThat(h.http().get("/campaigns/" + campaign + "/calls").get("items")).hasSize(50);

        Set<Long> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String next = "/campaigns/" + campaign + "/calls?limit=50";
        while (next != null) {
            Http.Response page = h.http().get(next);
            assertThat(page.status()).isEqualTo(200);
            sizes.add(page.get("items").size());
            page.get("items").forEach(c -> assertThat(seen.add(c.get("id").asLong())).isTrue());
            JsonNode after = page.get("nextAfter");
            next = after.isNull() ? null : "/campaigns/" + campaign + "/calls?limit=50&after=" + after.asLong();
        }
        assertThat(sizes).containsExactly(50, 50, 20);
        assertThat(seen).hasSize(120);

        Http.Response progress = h.http().get("/campaigns/" + campaign);
        assertThat(progress.get("progress").get("leads").asLong()).isEqualTo(120);
        Http.Response active = h.http().get("/users/" + owner + "/active-calls");
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.json().size()).isBetween(0, 5);
        awaitCompleted(campaign);
        String sid = h.db().queryOne("select call_sid from calls where campaign_id = ? order by id limit 1",
                rs -> rs.getString(1), campaign).orElseThrow();
        Http.Response call = h.http().get("/calls/" + sid);
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.get("campaignId").asLong()).isEqualTo(campaign);
    }

    @Test
    void healthAndStatsAreJson() {
        Http.Response health = h.http().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.get("status").asText()).isIn("UP", "DEGRADED");
        assertThat(health.get("pool").get("max").asInt()).isEqualTo(CallsConfig.DEFAULT_POOL_SIZE);
        assertThat(health.get("reasons").isArray()).isTrue();

        Http.Response stats = h.http().get("/stats");
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.get("instance").asText()).isEqualTo("instance-1");
        assertThat(stats.get("webhooks").has("duplicates")).isTrue();
        assertThat(stats.get("pool").has("active")).isTrue();
    }

    private static void awaitCompleted(long campaign) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "completed".equals(h.http().get("/campaigns/" + campaign).get("campaign").get("status").asText()));
    }
}
