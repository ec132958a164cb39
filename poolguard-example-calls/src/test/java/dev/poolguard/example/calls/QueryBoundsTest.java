package dev.poolguard.example.calls;

import dev.poolguard.event.EventType;
import dev.poolguard.testing.PoolguardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No endpoint reads a whole table: with more calls and leads than the query guard's row budget (1,000), every
 * endpoint answers in strict mode, where an unbounded read or an N+1 would fail the request. The call_sid lookup
 * uses its index. Two routes mounted only here show that the guard really is watching each request.
 */
class QueryBoundsTest {

    static Harness h;
    static long owner;
    static long campaign;

    @RegisterExtension
    static PoolguardExtension poolguard = PoolguardExtension.watching(() -> h == null ? null : h.db()).strictQueries();

    @BeforeAll
    static void start() {
        h = Harness.start(1, Harness.fastTelephony(), b -> b
                // the incidents' anti-pattern, as a route: fetch every call, find one in memory
                .mount(routes -> routes.get("/test/fetch-all/{sid}", ctx -> ctx.json(allCallsThenFind(ctx.pathParam("sid")))))
                // an N+1: one lookup per call of a page
                .mount(routes -> routes.get("/test/n-plus-one/{id}", ctx -> ctx.json(onePerCall(Long.parseLong(ctx.pathParam("id")))))));
        owner = h.user("bounds@example.com", 20);
        campaign = h.campaign(owner, "Big", 20, 1500);
        assertThat(h.http().post("/campaigns/" + campaign + "/start", Map.of()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                "completed".equals(h.http().get("/campaigns/" + campaign).get("campaign").get("status").asText()));
        // enough rows that the planner would rather scan without an index
        h.db().transaction(tx -> tx.update("analyze calls"));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static Object allCallsThenFind(String sid) {
        return h.db().query("select id, call_sid from calls", rs -> Map.entry(rs.getLong(1), rs.getString(2))).stream()
                .filter(e -> sid.equals(e.getValue())).findFirst().map(Map.Entry::getKey).orElse(null);
    }

    static Object onePerCall(long campaignId) {
        List<Long> ids = h.db().query("select id from calls where campaign_id = ? order by id limit 20", rs -> rs.getLong(1), campaignId);
        return ids.stream().map(id -> h.db().queryOne("select status from calls where id = ?", rs -> rs.getString(1), id)).toList();
    }

    @Test
    void everyEndpointAnswersWithinTheRowBudget() {
        String sid = h.db().queryOne("select call_sid from calls where campaign_id = ? order by id desc limit 1",
                rs -> rs.getString(1), campaign).orElseThrow();
        assertThat(h.db().queryOne("select count(*) from calls", rs -> rs.getLong(1)).orElseThrow()).isGreaterThan(1000);
        for (String path : List.of("/users/" + owner, "/users/" + owner + "/active-calls", "/campaigns/" + campaign,
                "/campaigns/" + campaign + "/calls?limit=200", "/campaigns/" + campaign + "/summary", "/calls/" + sid,
                "/health", "/stats")) {
            Http.Response r = h.http().get(path);
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
        }
        assertThat(h.db().diagnostics().stats().events().getOrDefault(EventType.UNBOUNDED_RESULT, 0L)).isZero();
    }

    @Test
    void callSidLookupUsesTheIndex() {
        List<String> plan = h.db().query("explain select id from calls where call_sid = 'CA0123'", rs -> rs.getString(1));
        assertThat(String.join("\n", plan)).contains("Index").contains("calls_call_sid_key");
    }

    @Test
    void requestThatFetchesAllCallsFailsInStrictMode() {
        Http.Response r = h.http().get("/test/fetch-all/CA0");
        assertThat(r.status()).as(r.body()).isEqualTo(500);
        assertThat(r.get("type").asText()).isEqualTo("query-guard");
        assertThat(r.get("title").asText()).isEqualTo("query guard: UNBOUNDED_RESULT");
        // the call site and the SQL go to the log under the correlation id, not to the caller
        assertThat(r.get("details").get(0).get("message").asText()).startsWith("correlation id ");
        assertThat(r.body()).doesNotContain("QueryBoundsTest").doesNotContain("select");
        h.guardViolationsExpected = true;
    }

    @Test
    void requestWithAnNPlusOneFailsInStrictMode() {
        Http.Response r = h.http().get("/test/n-plus-one/" + campaign);
        assertThat(r.status()).as(r.body()).isEqualTo(500);
        assertThat(r.get("title").asText()).isEqualTo("query guard: N_PLUS_ONE");
        assertThat(r.get("details").get(0).get("message").asText()).startsWith("correlation id ");
        // the unit of work ended with the request: the next request on the same threads starts counting afresh
        assertThat(h.http().get("/campaigns/" + campaign).status()).isEqualTo(200);
        h.guardViolationsExpected = true;
    }
}
