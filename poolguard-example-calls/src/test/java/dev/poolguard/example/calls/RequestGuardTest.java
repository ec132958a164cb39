package dev.poolguard.example.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.example.calls.http.RequestGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a web page on another site could make a browser on this machine send is refused: a JSON body not sent as
 * JSON (a form), a request whose Host is another name (DNS rebinding), a cross-origin request. Raw HTTP over a socket,
 * since the JDK's client will not send a Host of our choosing.
 */
class RequestGuardTest {

    static Harness h;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        h = Harness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    record Answer(int status, JsonNode body) {
    }

    static Answer raw(String method, String path, String host, String origin, String contentType, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", h.service().port())) {
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            if (origin != null) {
                req.append("Origin: ").append(origin).append("\r\n");
            }
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                req.append("Content-Type: ").append(contentType).append("\r\n");
            }
            req.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String text = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (response.toLowerCase().contains("transfer-encoding: chunked")) {
                text = text.substring(text.indexOf("\r\n") + 2, text.lastIndexOf("}") + 1);
            }
            return new Answer(status, text.isBlank() ? null : JSON.readTree(text));
        }
    }

    String self() {
        return "127.0.0.1:" + h.service().port();
    }

    @Test
    void aJsonBodyMustBeSentAsJson() throws IOException {
        String body = "{\"email\":\"form@example.com\",\"name\":\"Form\"}";
        Answer form = raw("POST", "/users", self(), null, "text/plain", body); // what an HTML form can send
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.body().get("type").asText()).isEqualTo("unsupported-media-type");
        assertThat(form.body().get("details").get(0).get("message").asText()).isEqualTo("must be application/json, was 'text/plain'");
        assertThat(raw("POST", "/users", self(), null, null, body).status()).isEqualTo(415);
        assertThat(raw("POST", "/users", self(), null, "application/json; charset=utf-8", body).status()).isEqualTo(201);
    }

    @Test
    void aHostThatIsNotThisServiceIsRefused() throws IOException {
        Answer rebound = raw("GET", "/campaigns/1", "attacker.example:" + h.service().port(), null, null, null);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body().get("type").asText()).isEqualTo("host-not-allowed");
        assertThat(raw("GET", "/health", "localhost:" + h.service().port(), null, null, null).status()).isEqualTo(200);
        assertThat(raw("GET", "/health", "[::1]:" + h.service().port(), null, null, null).status()).isEqualTo(200);
    }

    @Test
    void aCrossOriginRequestIsRefusedEvenWithoutABody() throws IOException {
        Answer crossSite = raw("POST", "/campaigns/1/start", self(), "https://attacker.example", null, null);
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.body().get("type").asText()).isEqualTo("origin-not-allowed");
        assertThat(raw("GET", "/health", self(), "null", null, null).status()).isEqualTo(403);
        assertThat(raw("GET", "/health", self(), "http://1.2.3.4", null, null).status()).isEqualTo(403);
        assertThat(raw("GET", "/health", self(), "http://" + self(), null, null).status()).isEqualTo(200);
    }

    @Test
    void onlyLoopbackCallersGetTheDetailOfHealthAndStats() throws IOException {
        assertThat(raw("GET", "/stats", self(), null, null, null).body().has("pool")).isTrue();
        assertThat(raw("GET", "/health", self(), null, null, null).body().has("pool")).isTrue();
        assertThat(RequestGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(RequestGuard.isLoopback("::1")).isTrue();
        assertThat(RequestGuard.isLoopback("10.1.2.3")).isFalse();
        assertThat(RequestGuard.isLoopback("192.168.0.7")).isFalse();
        assertThat(RequestGuard.isLoopback("not-an-address")).isFalse();
        assertThat(JSON.valueToTree(new CallsService.BriefStats("i-1")).toString()).isEqualTo("{\"instance\":\"i-1\"}");
    }
}
