package dev.poolguard.example.calls;

import dev.poolguard.testing.PoolguardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two service instances, each with its own pool, on one database; the provider spreads callbacks over both. The
 * guarantees of one instance hold across them: each call dialed once, limits never exceeded, one summary per
 * campaign, a scheduled campaign started once.
 */
class TwoInstancesTest {

    static Harness h;

    @RegisterExtension
    static PoolguardExtension first = PoolguardExtension.watching(() -> h == null ? null : h.services.get(0).db()).strictQueries();

    @RegisterExtension
    static PoolguardExtension second = PoolguardExtension.watching(() -> h == null ? null : h.services.get(1).db()).strictQueries();

    @BeforeAll
    static void start() {
        h = Harness.start(2, Harness.fastTelephony(), UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void everyGuaranteeHoldsAcrossTwoInstances() throws Exception {
        Http one = h.clients.get(0);
        Http two = h.clients.get(1);
        long ada = h.user("ada@example.com", 5);
        long bob = h.user("bob@example.com", 4);
        long a1 = h.campaign(ada, "Ada one", 3, 80);
        long a2 = h.campaign(ada, "Ada two", 3, 70);
        long b1 = h.campaign(bob, "Bob scheduled", 4, 90);

        try (LimitSampler sampler = new LimitSampler(h.services.get(1).db())) {
            assertThat(one.post("/campaigns/" + a1 + "/start", Map.of()).status()).isEqualTo(200);
            assertThat(two.post("/campaigns/" + a2 + "/start", Map.of()).status()).isEqualTo(200);
            Http.Response scheduled = two.post("/campaigns/" + b1 + "/schedule", Map.of("at", Instant.now().plusMillis(300).toString()));
            assertThat(scheduled.get("status").asText()).isEqualTo("scheduled");
            for (long c : List.of(a1, a2, b1)) {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() ->
                        "completed".equals(one.get("/campaigns/" + c).get("campaign").get("status").asText()));
            }
            sampler.close();
            assertThat(sampler.errors).isEmpty();
            assertThat(sampler.samples.get()).isGreaterThan(50);
            assertThat(sampler.violations).isEmpty();
            assertThat(sampler.highestForUser(ada)).isBetween(4L, 5L);
            assertThat(sampler.highestForUser(bob)).isBetween(2L, 4L);
        }

        // both instances claimed calls and took callbacks; each call dialed exactly once
        Map<String, Long> byInstance = Map.copyOf(h.db().query("select dialed_by, count(*) from calls group by dialed_by"
                + " order by dialed_by", rs -> Map.entry(rs.getString(1), rs.getLong(2))).stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(byInstance.keySet()).containsExactlyInAnyOrder("instance-1", "instance-2");
        assertThat(byInstance.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(240);
        assertThat(h.telephony.dialsPerCall()).hasSize(240).allSatisfy((call, dials) -> assertThat(dials).isEqualTo(1));
        assertThat(h.services).allSatisfy(s -> assertThat(s.webhooks().accepted()).isPositive());

        // the scheduled campaign was started by exactly one scheduler
        assertThat(h.services.stream().mapToLong(s -> s.scheduler().started()).sum()).isEqualTo(1);

        // one summary per campaign, whichever instance completed it
        for (long c : List.of(a1, a2, b1)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> h.email.about(c).size() == 1);
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> h.email.sent.size() == 3);
        assertThat(h.db().queryOne("select count(*) from email_outbox where status = 'sent' and attempts = 1",
                rs -> rs.getLong(1))).contains(3L);

        // duplicates ignored across instances: each (call, status) stored once
        await().atMost(Duration.ofSeconds(10)).until(() -> h.telephony.stats().pending() == 0);
        long duplicates = h.services.stream().mapToLong(s -> s.webhooks().duplicates()).sum();
        assertThat(duplicates).isEqualTo(h.telephony.stats().duplicatesSent()).isPositive();
    }
}
