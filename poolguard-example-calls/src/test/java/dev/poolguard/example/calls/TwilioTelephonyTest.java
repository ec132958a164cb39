package dev.poolguard.example.calls;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.poolguard.example.calls.telephony.DialException;
import dev.poolguard.example.calls.telephony.DialRequest;
import dev.poolguard.example.calls.telephony.TwilioTelephony;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code CALLS_TELEPHONY=twilio} against WireMock standing in for api.twilio.com, with the Calls resource's documented
 * request and responses: what is sent (form fields, TwiML with the stream, status callback events, basic auth), and
 * how each failure is told apart: refused (not placed), rate limited (not placed, retry later), server error and
 * timeout (unknown), unreachable (not placed). Nothing is retried, and the credentials appear in no message.
 */
class TwilioTelephonyTest {

    static final String ACCOUNT = "AC" + "a".repeat(32);
    static final String TOKEN = "auth-token-" + "9".repeat(21);
    static final String CALLS = "/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json";
    static final DialRequest REQUEST = new DialRequest(42, "+15550001111", "+14155550100",
            URI.create("https://calls.example.com/webhooks/twilio/status?callId=42"),
            URI.create("wss://calls.example.com/streams/twilio"));

    static WireMockServer twilio;

    @BeforeAll
    static void start() {
        twilio = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        twilio.start();
    }

    @AfterAll
    static void stop() {
        twilio.stop();
    }

    @BeforeEach
    void reset() {
        twilio.resetAll();
    }

    static TwilioTelephony provider(Duration timeout) {
        return new TwilioTelephony(ACCOUNT, TOKEN, URI.create(twilio.baseUrl()), timeout);
    }

    static String fixture(String name) {
        try (InputStream in = TwilioTelephonyTest.class.getResourceAsStream("/twilio/rest/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MappingBuilder create() {
        return post(urlEqualTo(CALLS));
    }

    static void answer(int status, String fixture) {
        twilio.stubFor(create().willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(fixture(fixture))));
    }

    static Map<String, List<String>> form(LoggedRequest r) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            form.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return form;
    }

    static DialException dialFails(TwilioTelephony provider) {
        return (DialException) org.assertj.core.api.Assertions.catchThrowable(() -> provider.dial(REQUEST));
    }

    @Test
    void aCallIsCreatedWithTheStreamTwimlAndStatusCallbacks() {
        answer(201, "call-created");
        String sid = provider(Duration.ofSeconds(5)).dial(REQUEST);
        assertThat(sid).isEqualTo("CA" + "a".repeat(32));

        List<LoggedRequest> requests = twilio.findAll(postRequestedFor(urlEqualTo(CALLS)));
        assertThat(requests).hasSize(1);
        LoggedRequest r = requests.get(0);
        assertThat(r.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, List<String>> form = form(r);
        assertThat(form.get("To")).containsExactly("+15550001111");
        assertThat(form.get("From")).containsExactly("+14155550100");
        assertThat(form.get("Twiml")).containsExactly("<Response><Connect><Stream url=\"wss://calls.example.com/streams/twilio\">"
                + "<Parameter name=\"callId\" value=\"42\"/></Stream></Connect></Response>");
        assertThat(form.get("StatusCallback")).containsExactly("https://calls.example.com/webhooks/twilio/status?callId=42");
        assertThat(form.get("StatusCallbackMethod")).containsExactly("POST");
        assertThat(form.get("StatusCallbackEvent")).containsExactly("initiated", "ringing", "answered", "completed");
    }

    @Test
    void aRefusedNumberIsNotPlacedWithTwiliosCode() {
        answer(400, "error-21211");
        DialException e = dialFails(provider(Duration.ofSeconds(5)));
        assertThat(e.outcome()).isEqualTo(DialException.Outcome.NOT_PLACED);
        assertThat(e.providerCode()).isEqualTo(21211);
        assertThat(e.retryAfter()).isNull();
        assertThat(e.getMessage()).contains("Twilio answered 400 (error 21211)").contains("not placed");
    }

    @Test
    void badCredentialsAreNotPlacedAndNeverPrinted() {
        answer(401, "error-20003");
        TwilioTelephony provider = provider(Duration.ofSeconds(5));
        DialException e = dialFails(provider);
        assertThat(e.outcome()).isEqualTo(DialException.Outcome.NOT_PLACED);
        assertThat(e.providerCode()).isEqualTo(20003);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
        }
        assertThat(provider.toString()).doesNotContain(TOKEN).doesNotContain(ACCOUNT);
    }

    @Test
    void rateLimitingIsNotPlacedAndSaysWhenToRetry() {
        answer(429, "error-20429");
        DialException e = dialFails(provider(Duration.ofSeconds(5)));
        assertThat(e.outcome()).isEqualTo(DialException.Outcome.NOT_PLACED);
        assertThat(e.providerCode()).isEqualTo(20429);
        assertThat(e.retryAfter()).isPositive();
    }

    @Test
    void aServerErrorIsUnknownAndNotRetried() {
        answer(500, "error-20500");
        DialException e = dialFails(provider(Duration.ofSeconds(5)));
        assertThat(e.outcome()).isEqualTo(DialException.Outcome.UNKNOWN);
        assertThat(e.providerCode()).isEqualTo(20500);
        assertThat(e.getMessage()).contains("may have been placed");
        // the helper library would have retried the create; a second POST could place a second call
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(CALLS)))).hasSize(1);
    }

    @Test
    void aResponseThatComesTooLateIsUnknown() {
        twilio.stubFor(create().willReturn(aResponse().withStatus(201).withFixedDelay(3000)
                .withHeader("Content-Type", "application/json").withBody(fixture("call-created"))));
        long start = System.nanoTime();
        DialException e = dialFails(provider(Duration.ofMillis(300)));
        assertThat(e.outcome()).isEqualTo(DialException.Outcome.UNKNOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(CALLS)))).hasSize(1);
    }

    @Test
    void anUnreachableApiIsNotPlaced() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        TwilioTelephony provider = new TwilioTelephony(ACCOUNT, TOKEN, URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2));
        DialException e = dialFails(provider);
        assertThat(e.outcome()).isEqualTo(DialException.Outcome.NOT_PLACED);
        assertThat(e.getMessage()).contains("could not reach Twilio");
    }

    @Test
    void configurationFromTheEnvironmentIsCheckedAndNeverEchoesTheToken() {
        assertThatThrownBy(() -> TwilioTelephony.fromEnv(Map.of("TWILIO_AUTH_TOKEN", TOKEN)))
                .hasMessage("TWILIO_ACCOUNT_SID: must be AC followed by 32 hex digits");
        assertThatThrownBy(() -> TwilioTelephony.fromEnv(Map.of("TWILIO_ACCOUNT_SID", ACCOUNT)))
                .hasMessage("TWILIO_AUTH_TOKEN: must be set (at least 8 characters)");
        assertThatThrownBy(() -> TwilioTelephony.fromEnv(Map.of("TWILIO_ACCOUNT_SID", ACCOUNT, "TWILIO_AUTH_TOKEN", TOKEN,
                "TWILIO_TIMEOUT", "5")))
                .hasMessageContaining("TWILIO_TIMEOUT").hasMessageNotContaining(TOKEN);
        assertThat(TwilioTelephony.fromEnv(Map.of("TWILIO_ACCOUNT_SID", ACCOUNT, "TWILIO_AUTH_TOKEN", TOKEN)).toString())
                .isEqualTo("TwilioTelephony[account=ACaaaa..., api=https://api.twilio.com, timeout=10000ms]");
    }
}
