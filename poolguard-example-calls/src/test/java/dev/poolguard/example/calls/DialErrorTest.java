package dev.poolguard.example.calls;

import dev.poolguard.example.calls.telephony.DialException;
import dev.poolguard.testing.PoolguardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider that refuses every call (Twilio's 21215, a 4xx: surely not placed): each ends failed ({@code dial-error}),
 * slots freed, the campaign completed once.
 */
class DialErrorTest {

    static Harness h;

    @RegisterExtension
    static PoolguardExtension poolguard = PoolguardExtension.watching(() -> h == null ? null : h.db()).strictQueries();

    @BeforeAll
    static void start() {
        h = Harness.startWith(request -> {
            throw DialException.notPlaced("Twilio answered 400 (error 21215): account not authorized to call " + request.to(),
                    21215, null);
        }, UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void refusedDialsEndAsFailedAndTheCampaignStillCompletesWithOneSummary() {
        long owner = h.user("refused@example.com", 2);
        long campaign = h.campaign(owner, "Refused", 2, 5);
        assertThat(h.http().post("/campaigns/" + campaign + "/start", Map.of()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "completed".equals(h.http().get("/campaigns/" + campaign).get("campaign").get("status").asText()));
        assertThat(h.db().query("select outcome from calls where campaign_id = ? order by id limit 10", rs -> rs.getString(1), campaign))
                .hasSize(5).containsOnly("dial-error");
        assertThat(h.service().queue().dialFailures()).isEqualTo(5);
        assertThat(h.db().queryOne("select active_calls from users where id = ?", rs -> rs.getInt(1), owner)).contains(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> h.email.about(campaign).size() == 1);
        assertThat(h.email.about(campaign).get(0).subject()).isEqualTo("Campaign 'Refused' finished: 5 calls, 0 answered");
    }
}
