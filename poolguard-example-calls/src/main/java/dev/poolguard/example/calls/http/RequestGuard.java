package dev.poolguard.example.calls.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses requests a browser could be tricked into sending. DNS rebinding (a page on {@code evil.example} whose name
 * now resolves to 127.0.0.1) arrives with {@code Host: evil.example}: only the service's own names are accepted as a
 * {@code Host}, besides IP literals (a rebinding needs a name). A cross-site request carries the page's
 * {@code Origin}: when present it must be one of those names too (IP literals only if listed). JSON bodies must say
 * {@code application/json} ({@link Requests#body}), which a plain HTML form cannot send. This is no authentication:
 * the API needs that in front of it.
 */
public final class RequestGuard {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names;

    /** {@code names}: host names (lower case, no port) the service answers to; loopback names are always included. */
    public RequestGuard(Set<String> names) {
        this.names = Set.copyOf(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }

    public void install(RoutesConfig routes) {
        routes.before(this::check);
    }

    private void check(Context ctx) {
        String host = hostName(ctx.host());
        if (host == null || !names.contains(host) && !isIpLiteral(host)) {
            throw new ApiException(403, "host-not-allowed", "host not allowed", List.of(new Problem.Detail("Host",
                    "'" + abbreviate(ctx.host()) + "' is not a name of this service; add it to CALLS_ALLOWED_HOSTS if it is")));
        }
        String origin = ctx.header("Origin");
        if (origin != null && !allowedOrigin(origin)) {
            throw new ApiException(403, "origin-not-allowed", "cross-origin request refused", List.of(new Problem.Detail("Origin",
                    "'" + abbreviate(origin) + "' is not this service; add its host to CALLS_ALLOWED_HOSTS if it should be")));
        }
    }

    boolean allowedOrigin(String origin) {
        try {
            URI uri = URI.create(origin.strip());
            return uri.getHost() != null && names.contains(hostName(uri.getHost()));
        } catch (IllegalArgumentException e) {
            return false; // "null" (a sandboxed page), or garbage
        }
    }

    /** The name part of a Host header value, lower case, without port or IPv6 brackets; null when there is none. */
    static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    /** Whether a caller's address is this machine: full detail for {@code /health} and {@code /stats}. */
    public static boolean isLoopback(String ip) {
        try {
            return ip != null && (IPV4.matcher(ip).matches() || ip.contains(":")) && InetAddress.getByName(ip).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
