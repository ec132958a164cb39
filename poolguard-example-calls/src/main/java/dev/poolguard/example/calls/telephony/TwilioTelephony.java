package dev.poolguard.example.calls.telephony;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.HttpMethod;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import dev.poolguard.example.calls.streams.MediaStreams;
import dev.poolguard.example.calls.support.Settings;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Places calls through Twilio's REST API, the Calls resource, with Twilio's helper library: {@code To}, {@code From},
 * TwiML that connects the answered call to the service's Media Stream ({@code <Connect><Stream url="wss://...">} with
 * the call id as a {@code <Parameter>}), and {@code StatusCallback} for the initiated, ringing, answered and completed
 * events. The account SID and auth token come from the environment and are never printed.
 *
 * <p>Every request is sent once, never retried here (the library would retry a 5xx, and a retried create can place a
 * second call), and bounded by a timeout. A failure says whether the call was placed: a 4xx (Twilio refused it: bad
 * number, no permission, bad credentials) or a request that never got through (connection refused or timed out, no
 * such host) is {@link DialException.Outcome#NOT_PLACED}; 429 is not placed and worth retrying later; a 5xx, a
 * response that did not arrive in time or an answer without a sid is {@link DialException.Outcome#UNKNOWN}.
 */
public final class TwilioTelephony implements TelephonyProvider {

    public static final URI TWILIO_API = URI.create("https://api.twilio.com");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The status callbacks asked for; the service applies them forward-only. */
    public static final List<String> STATUS_EVENTS = List.of("initiated", "ringing", "answered", "completed");

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-f]{32}");
    /** What Twilio's 429 asks for when it sends no Retry-After. */
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final String accountSid;
    private final URI api;
    private final Duration timeout;
    private final TwilioRestClient client;

    /**
     * @param api     {@link #TWILIO_API}, or a stand-in's base URL (tests)
     * @param timeout bounds the connection, the wait for a pooled HTTP connection and the response, each
     */
    public TwilioTelephony(String accountSid, String authToken, URI api, Duration timeout) {
        if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
            throw new IllegalArgumentException("TWILIO_ACCOUNT_SID: must be AC followed by 32 hex digits");
        }
        if (authToken == null || authToken.length() < 8) {
            throw new IllegalArgumentException("TWILIO_AUTH_TOKEN: must be set (at least 8 characters)");
        }
        this.accountSid = accountSid;
        this.api = Objects.requireNonNull(api, "api");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = new TwilioRestClient.Builder(accountSid, authToken).httpClient(new OnceHttpClient(api, timeout)).build();
    }

    /**
     * From {@code TWILIO_ACCOUNT_SID} and {@code TWILIO_AUTH_TOKEN} (required), {@code TWILIO_API_URL} (default
     * {@code https://api.twilio.com}) and {@code TWILIO_TIMEOUT} (default 10s).
     */
    public static TwilioTelephony fromEnv(Map<String, String> env) {
        Settings s = new Settings(env);
        String api = s.string("TWILIO_API_URL", TWILIO_API.toString());
        URI uri;
        try {
            uri = URI.create(api.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TWILIO_API_URL: '" + api + "' is not a URL");
        }
        if (uri.getHost() == null || !uri.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("TWILIO_API_URL: '" + api + "' is not an http(s) URL with a host");
        }
        Duration timeout = s.duration("TWILIO_TIMEOUT", DEFAULT_TIMEOUT);
        if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("TWILIO_TIMEOUT: " + timeout.toMillis() + "ms is out of range 100ms..60000ms");
        }
        return new TwilioTelephony(s.string("TWILIO_ACCOUNT_SID", null), s.string("TWILIO_AUTH_TOKEN", null), uri, timeout);
    }

    @Override
    public String dial(DialRequest request) {
        Call call;
        try {
            call = Call.creator(new PhoneNumber(request.to()), new PhoneNumber(request.from()), new Twiml(twiml(request)))
                    .setStatusCallback(request.statusCallback())
                    .setStatusCallbackMethod(HttpMethod.POST)
                    .setStatusCallbackEvent(STATUS_EVENTS)
                    .create(client);
        } catch (ApiException e) {
            throw classify(e);
        } catch (TwilioException e) {
            throw ioFailure(e);
        }
        if (call == null || call.getSid() == null || call.getSid().isBlank()) {
            throw DialException.unknown("Twilio accepted the call but sent no sid; its callbacks will carry callId "
                    + request.callId(), null, null);
        }
        return call.getSid();
    }

    /** The TwiML the call runs when answered: a bidirectional Media Stream to the service (no query string allowed). */
    static String twiml(DialRequest request) {
        return "<Response><Connect><Stream url=\"" + xml(request.streamUrl().toString()) + "\"><Parameter name=\""
                + MediaStreams.CALL_ID_PARAMETER + "\" value=\"" + request.callId() + "\"/></Stream></Connect></Response>";
    }

    private static DialException classify(ApiException e) {
        Integer status = e.getStatusCode();
        Integer code = e.getCode();
        if (status == null || status == 0) {
            return ioFailure(e);
        }
        String what = "Twilio answered " + status + (code == null ? "" : " (error " + code + ")") + ": " + e.getMessage();
        if (status == 429) {
            return DialException.throttled(what + "; not placed, try again later", code, DEFAULT_RETRY_AFTER);
        }
        if (status >= 400 && status < 500) {
            return DialException.notPlaced(what + "; not placed", code, e);
        }
        return DialException.unknown(what + "; the call may have been placed", code, e);
    }

    /** No HTTP answer: not placed when the request never got out, unknown once it may have reached Twilio. */
    private static DialException ioFailure(TwilioException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SSLHandshakeException) {
                return DialException.notPlaced("could not reach Twilio (" + t.getClass().getSimpleName() + "); not placed", null, e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return DialException.unknown("no answer from Twilio (" + root.getClass().getSimpleName()
                + "); the call may have been placed", null, e);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String toString() {
        return "TwilioTelephony[account=" + accountSid.substring(0, 6) + "..., api=" + api + ", timeout=" + timeout.toMillis() + "ms]";
    }

    /**
     * The library's HTTP client, sending each request once (its {@code reliableRequest} retries a 5xx, which for a
     * create can place the call twice), with bounded timeouts, to {@code api} instead of api.twilio.com when set.
     */
    private static final class OnceHttpClient extends NetworkHttpClient {
        private final URI api;

        OnceHttpClient(URI api, Duration timeout) {
            super(RequestConfig.custom().setConnectTimeout(Timeout.of(timeout)).setResponseTimeout(Timeout.of(timeout))
                            .setConnectionRequestTimeout(Timeout.of(timeout)).build(),
                    SocketConfig.custom().setSoTimeout(Timeout.of(timeout)).build());
            this.api = api;
        }

        @Override
        public Response reliableRequest(Request request) {
            return makeRequest(TWILIO_API.equals(api) ? request : retarget(request));
        }

        private Request retarget(Request request) {
            URI original = URI.create(request.getUrl());
            Request r = new Request(request.getMethod(), api + original.getRawPath());
            request.getQueryParams().forEach((k, values) -> values.forEach(v -> r.addQueryParam(k, v)));
            request.getPostParams().forEach((k, values) -> values.forEach(v -> r.addPostParam(k, v)));
            request.getHeaderParams().forEach((k, values) -> values.forEach(v -> r.addHeaderParam(k, v)));
            if (request.getContentType() != null) {
                r.setContentType(request.getContentType());
            }
            if (request.getUsername() != null && request.getPassword() != null) {
                r.setAuth(request.getUsername(), request.getPassword());
            } else if (request.getAuthStrategy() != null) {
                r.setAuth(request.getAuthStrategy());
            }
            return r;
        }
    }
}
