package dev.poolguard.example.calls;

import dev.poolguard.example.calls.email.EmailMessage;
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

class CampaignRunTest {

    static Harness h;

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

    @Test
    void twoHundredLeadCampaignCompletesWithinLimitsDialingEachLeadOnceWithOneSummary() throws Exception {
        long owner = h.user("ada@example.com", 8);
        long big = h.campaign(owner, "Spring renewals", 5, 200);
        long small = h.campaign(owner, "Winback", 5, 60); // with both running, the owner's limit of 8 binds

        try (LimitSampler sampler = new LimitSampler(h.db())) {
            assertThat(h.http().post("/campaigns/" + big + "/start", Map.of()).status()).isEqualTo(200);
            assertThat(h.http().post("/campaigns/" + small + "/start", Map.of()).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() ->
                    "completed".equals(h.http().get("/campaigns/" + big).get("campaign").get("status").asText())
                            && "completed".equals(h.http().get("/campaigns/" + small).get("campaign").get("status").asText()));
            sampler.close();
            assertThat(sampler.errors).isEmpty();
            assertThat(sampler.samples.get()).as("samples taken during the run").isGreaterThan(50);
            assertThat(sampler.violations).as("users or campaigns above their limit").isEmpty();
            assertThat(sampler.highestForUser(owner)).as("owner's highest concurrency: both campaigns ran at once")
                    .isBetween(6L, 8L);
            assertThat(sampler.highestForCampaign(big)).isBetween(3L, 5L);
        }

        // every lead called once, every call over, every call dialed by the provider exactly once
        List<Long> callIds = h.db().query("select id from calls where campaign_id in (?, ?) and status in"
                + " ('completed', 'busy', 'no-answer', 'canceled', 'failed') order by id limit 1000", rs -> rs.getLong(1), big, small);
        assertThat(callIds).hasSize(260);
        Map<Long, Integer> dials = h.telephony.dialsPerCall();
        assertThat(callIds).allSatisfy(id -> assertThat(dials.get(id)).as("dials of call " + id).isEqualTo(1));
        assertThat(h.telephony.stats().doubleDialed()).isZero();
        assertThat(h.db().queryOne("select active_calls from users where id = ?", rs -> rs.getInt(1), owner)).contains(0);

        // duplicates stored once and ignored; late callbacks stored but never moving a call backwards
        await().atMost(Duration.ofSeconds(10)).until(() -> h.telephony.stats().pending() == 0);
        var sim = h.telephony.stats();
        assertThat(sim.duplicatesSent()).as("the provider sent duplicates").isPositive();
        assertThat(sim.failedAttempts()).isZero();
        assertThat(h.service().webhooks().duplicates()).isEqualTo(sim.duplicatesSent());
        long stored = h.db().queryOne("select count(*) from webhook_events", rs -> rs.getLong(1)).orElseThrow();
        assertThat(stored).isEqualTo(sim.delivered() - sim.duplicatesSent());
        assertThat(h.service().webhooks().outOfOrder()).as("reordered callbacks seen").isPositive();
        assertThat(h.db().queryOne("select count(*) from calls where status = 'completed' and duration_seconds is null",
                rs -> rs.getLong(1))).contains(0L);

        // every answered call streamed: its stream ended with stop before the call's final callback, with a conversation
        long answered = h.db().queryOne("select count(*) from calls where campaign_id in (?, ?) and status = 'completed'",
                rs -> rs.getLong(1), big, small).orElseThrow();
        assertThat(answered).isPositive();
        assertThat(h.db().queryOne("select count(*) from calls c join call_streams s on s.call_id = c.id"
                + " where c.campaign_id in (?, ?) and c.status = 'completed' and s.end_reason = 'stop'"
                + " and s.conversation_completed and s.ended_at <= c.ended_at and s.turns >= 2", rs -> rs.getLong(1), big, small))
                .contains(answered);
        assertThat(h.db().queryOne("select count(*) from call_streams", rs -> rs.getLong(1))).contains(answered);
        assertThat(sim.streams().opened()).isEqualTo(answered);
        assertThat(sim.streams().failed()).isZero();
        assertThat(h.service().streams().stats().failures().total()).isZero();

        // one summary email per campaign, also after the outbox sweep has had its chance
        await().atMost(Duration.ofSeconds(5)).until(() -> h.email.about(big).size() == 1 && h.email.about(small).size() == 1);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3))
                .until(() -> h.email.about(big).size() == 1 && h.email.about(small).size() == 1);
        EmailMessage summary = h.email.about(big).get(0);
        assertThat(summary.to()).isEqualTo("ada@example.com");
        assertThat(summary.subject()).startsWith("Campaign 'Spring renewals' finished: 200 calls, ");
        assertThat(summary.body()).contains("Top leads by score:");
        Http.Response bigSummary = h.http().get("/campaigns/" + big + "/summary");
        assertThat(bigSummary.get("conversations").asLong()).isEqualTo(bigSummary.get("answered").asLong()).isPositive();
        assertThat(summary.body()).contains("Conversations: " + bigSummary.get("conversations").asLong() + " completed with the agent");

        Http.Response s = h.http().get("/campaigns/" + big + "/summary");
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.get("calls").asLong()).isEqualTo(200);
        assertThat(s.get("open").asLong()).isZero();
        assertThat(s.get("answered").asLong() + s.get("noAnswer").asLong() + s.get("busy").asLong() + s.get("failed").asLong())
                .isEqualTo(200);
        assertThat(s.get("topLeads")).hasSizeBetween(1, 5);
        int previous = Integer.MAX_VALUE;
        for (var lead : s.get("topLeads")) {
            assertThat(lead.get("score").asInt()).isLessThanOrEqualTo(previous);
            previous = lead.get("score").asInt();
        }
    }
}
