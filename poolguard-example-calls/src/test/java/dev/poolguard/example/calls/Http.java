package dev.poolguard.example.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.example.calls.webhooks.TwilioSignature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A real HTTP client for tests: JSON in, {@link Response} out. */
final class Http {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    record Response(int status, JsonNode json, String body) {
        JsonNode get(String field) {
            return json.get(field);
        }

        long id() {
            return json.get("id").asLong();
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Response post(String path, Object body) {
        return postRaw(path, json(body));
    }

    Response postRaw(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A status callback signed with {@code token} over {@code signedUrl} (normally the URL it is posted to). */
    Response webhook(String pathAndQuery, Map<String, String> params, String token, String signedUrl) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        String signature = TwilioSignature.sign(token, signedUrl, multi);
        return webhookWithSignature(pathAndQuery, params, signature);
    }

    Response webhookWithSignature(String pathAndQuery, Map<String, String> params, String signature) {
        String form = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (signature != null) {
            b.header(TwilioSignature.HEADER, signature);
        }
        return send(b);
    }

    URI url(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> r;
            try {
                r = client.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // A kept-alive connection the server had just closed (after an error response) answers nothing at
                // all; the JDK client retries only GETs on one. The service never answered that request: send it again once.
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                r = client.send(built, HttpResponse.BodyHandlers.ofString());
            }
            JsonNode json = r.body().isEmpty() ? MAPPER.nullNode() : parse(r.body());
            return new Response(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return MAPPER.getNodeFactory().textNode(body);
        }
    }

    static String json(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
