package dev.poolguard.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What {@link DashboardHandler#handle} answers: status, content type, extra headers and body, for any HTTP server to
 * send as is.
 *
 * @param status      HTTP status
 * @param contentType the {@code Content-Type} header value
 * @param headers     further headers ({@code Cache-Control}, {@code Content-Security-Policy}, {@code Location}, ...)
 * @param body        the body bytes (empty for HEAD and redirects)
 */
public record DashboardResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public DashboardResponse {
        headers = Map.copyOf(headers);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return status + " " + contentType + " (" + body.length + " bytes)";
    }
}
