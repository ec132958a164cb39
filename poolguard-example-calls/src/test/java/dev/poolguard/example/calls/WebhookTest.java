package dev.poolguard.example.calls;

import dev.poolguard.example.calls.telephony.TelephonyProvider;
import dev.poolguard.example.calls.webhooks.StatusWebhooks;
import dev.poolguard.example.calls.webhooks.TwilioSignature;
import dev.poolguard.testing.PoolguardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Status callbacks over real HTTP, from a provider stub that dials but never calls back: the test sends them. */
class WebhookTest {

    static Harness h;

    @RegisterExtension
    static PoolguardExtension poolguard = PoolguardExtension.watching(() -> h == null ? null : h.db()).strictQueries();

    @BeforeAll
    static void start() {
        TelephonyProvider silent = request -> String.format("CA%032x", request.callId());
        h = Harness.startWith(silent, UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static Harness.Dialed dialedCall() {
        return h.dialedCall();
    }

    private static Map<String, String> callback(String sid, String status) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", "AC" + "0".repeat(32));
        p.put("CallSid", sid);
        p.put("CallStatus", status);
        p.put("From", "+14155550100");
        p.put("To", "+15550000001");
        if (status.equals("completed")) {
            p.put("CallDuration", "42");
        }
        return p;
    }

    private static Http.Response send(Harness.Dialed call, Map<String, String> params) {
        return h.http().webhook(call.callbackPath(), params, Harness.TOKEN, h.http().url(call.callbackPath()).toString());
    }

    private static String status(Harness.Dialed call) {
        return h.db().queryOne("select status from calls where id = ?", rs -> rs.getString(1), call.callId()).orElseThrow();
    }

    private static long events(Harness.Dialed call) {
        return h.db().queryOne("select count(*) from webhook_events where call_sid = ?", rs -> rs.getLong(1), call.sid()).orElseThrow();
    }

    @Test
    void signatureMatchesTwilioDocumentedExamples() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("CallSid", List.of("CA1234567890ABCDE"));
        params.put("Caller", List.of("+14158675309"));
        params.put("Digits", List.of("1234"));
        params.put("From", List.of("+14158675309"));
        params.put("To", List.of("+18005551212"));
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assertThat(TwilioSignature.sign("12345", url, params)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assertThat(TwilioSignature.valid("12345", url, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
        assertThat(TwilioSignature.valid("12345", url + "&extra=1", params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();

        Map<String, List<String>> repeated = new LinkedHashMap<>();
        repeated.put("Sid", List.of("CA123"));
        repeated.put("SidAccount", List.of("AC123"));
        repeated.put("Digits", List.of("5678", "1234", "1234"));
        assertThat(TwilioSignature.sign("12345", url, repeated)).isEqualTo("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    @Test
    void validCallbackIsStoredAndMovesTheCallForward() {
        Harness.Dialed call = dialedCall();
        Http.Response r = send(call, callback(call.sid(), "ringing"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.get("result").asText()).isEqualTo("APPLIED");
        assertThat(status(call)).isEqualTo("ringing");
        assertThat(events(call)).isEqualTo(1);
        assertThat(h.http().get("/calls/" + call.sid()).get("status").asText()).isEqualTo("ringing");
    }

    @Test
    void tamperedParameterIsRejectedWith403AndNothingIsStored() {
        Harness.Dialed call = dialedCall();
        Map<String, String> signedFor = callback(call.sid(), "ringing");
        String signature = TwilioSignature.sign(Harness.TOKEN, h.http().url(call.callbackPath()).toString(), multi(signedFor));
        Map<String, String> tampered = callback(call.sid(), "completed"); // a forger ending someone's call
        Http.Response r = h.http().webhookWithSignature(call.callbackPath(), tampered, signature);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.get("type").asText()).isEqualTo("invalid-signature");
        assertThat(r.get("details").get(0).get("field").asText()).isEqualTo("X-Twilio-Signature");
        assertThat(events(call)).isZero();
        assertThat(status(call)).isEqualTo("dialing");
    }

    @Test
    void signatureForAnotherUrlIsRejected() {
        Harness.Dialed call = dialedCall();
        String otherUrl = h.http().url(StatusWebhooks.PATH + "?callId=" + (call.callId() + 1000)).toString();
        Http.Response r = h.http().webhook(call.callbackPath(), callback(call.sid(), "ringing"), Harness.TOKEN, otherUrl);
        assertThat(r.status()).isEqualTo(403);
        assertThat(events(call)).isZero();
    }

    @Test
    void missingSignatureOrWrongTokenIsRejected() {
        Harness.Dialed call = dialedCall();
        Http.Response missing = h.http().webhookWithSignature(call.callbackPath(), callback(call.sid(), "ringing"), null);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.get("details").get(0).get("message").asText()).isEqualTo("is missing");
        Http.Response wrongToken = h.http().webhook(call.callbackPath(), callback(call.sid(), "ringing"), "another-token-123",
                h.http().url(call.callbackPath()).toString());
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(events(call)).isZero();
        assertThat(h.service().webhooks().rejected()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void duplicateIsStoredOnceAndIgnored() {
        Harness.Dialed call = dialedCall();
        assertThat(send(call, callback(call.sid(), "ringing")).get("result").asText()).isEqualTo("APPLIED");
        Http.Response again = send(call, callback(call.sid(), "ringing"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.get("result").asText()).isEqualTo("DUPLICATE");
        assertThat(events(call)).isEqualTo(1);
    }

    @Test
    void lateCallbackNeverMovesTheStatusBackwards() {
        Harness.Dialed call = dialedCall();
        assertThat(send(call, callback(call.sid(), "completed")).get("result").asText()).isEqualTo("APPLIED");
        Http.Response late = send(call, callback(call.sid(), "in-progress"));
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.get("result").asText()).isEqualTo("OUT_OF_ORDER");
        assertThat(late.get("status").asText()).isEqualTo("completed");
        assertThat(status(call)).isEqualTo("completed");
        assertThat(events(call)).isEqualTo(2);
        assertThat(h.db().queryOne("select applied from webhook_events where call_sid = ? and call_status = 'in-progress'",
                rs -> rs.getBoolean(1), call.sid())).contains(false);
        assertThat(h.db().queryOne("select duration_seconds from calls where id = ?", rs -> rs.getInt(1), call.callId())).contains(42);
    }

    @Test
    void callbackBeforeTheSidIsStoredFindsItsCallByTheCallbackUrl() {
        Harness.Dialed call = dialedCall();
        h.db().transaction(tx -> tx.update("update calls set call_sid = null where id = ?", call.callId()));
        Http.Response r = send(call, callback(call.sid(), "initiated"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(h.db().queryOne("select call_sid from calls where id = ?", rs -> rs.getString(1), call.callId())).contains(call.sid());
    }

    @Test
    void unknownCallOrBadParametersAreNamed() {
        Harness.Dialed call = dialedCall();
        String unknownSid = String.format("CA%032x", 999_999_999L);
        Http.Response unknown = h.http().webhook(StatusWebhooks.PATH, callback(unknownSid, "ringing"), Harness.TOKEN,
                h.http().url(StatusWebhooks.PATH).toString());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.get("title").asText()).contains(unknownSid);

        Map<String, String> bad = callback(call.sid(), "exploded");
        bad.put("CallDuration", "-3");
        Http.Response invalid = send(call, bad);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.get("details").findValuesAsText("field")).containsExactlyInAnyOrder("CallStatus", "CallDuration");
        assertThat(events(call)).isZero();
    }

    @Test
    void callClaimedButNeverDialedIsFailedAfterTheDialTimeoutFreeingItsSlots() {
        Harness.Dialed call = dialedCall();
        long owner = h.db().queryOne("select user_id from calls where id = ?", rs -> rs.getLong(1), call.callId()).orElseThrow();
        // as if its instance stopped between claiming and dialing, long ago
        h.db().transaction(tx -> tx.update("update calls set call_sid = null, dialed_at = now() - interval '10 minutes' where id = ?",
                call.callId()));
        await().atMost(Duration.ofSeconds(5)).until(() -> "failed".equals(status(call)));
        assertThat(h.db().queryOne("select outcome from calls where id = ?", rs -> rs.getString(1), call.callId())).contains("dial-timeout");
        assertThat(h.db().queryOne("select active_calls from users where id = ?", rs -> rs.getInt(1), owner)).contains(0);
        assertThat(h.service().queue().stuckDialsFailed()).isPositive();
    }

    private static Map<String, List<String>> multi(Map<String, String> params) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        params.forEach((k, v) -> m.put(k, List.of(v)));
        return m;
    }
}
