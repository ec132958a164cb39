package dev.poolguard.internal;

import dev.poolguard.InvalidConfigurationException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed PostgreSQL URL in any of the forms providers and frameworks hand out:
 * {@code postgres://user:pass@host:port/db?params}, {@code postgresql://...} and {@code jdbc:postgresql://...}.
 * Credentials are split out of the JDBC URL so it can be logged; {@link #toString()} masks the password.
 */
public final class DatabaseUrl {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&]*");
    private static final String SETTING = "url";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String masked;

    private DatabaseUrl(String jdbcUrl, String user, String password, String masked) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.masked = masked;
    }

    /** JDBC URL without credentials from the authority part; URL parameters are kept as given. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** User from the URL, or {@code null}. */
    public String user() {
        return user;
    }

    /** Password from the URL, or {@code null}. Never print it. */
    public String password() {
        return password;
    }

    /** The URL as given with the password replaced by {@code ****}. */
    @Override
    public String toString() {
        return masked;
    }

    /** Masks passwords in any text that may contain a database URL. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String s = text.replaceAll("(?i)([a-z][a-z0-9+.-]*://[^:/@\\s]*:)[^@\\s]*(@)", "$1****$2");
        return PASSWORD_PARAM.matcher(s).replaceAll("$1****");
    }

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidConfigurationException(SETTING, "is empty; expected postgres://user:password@host:5432/database");
        }
        String trimmed = url.strip();
        String masked = mask(trimmed);
        if (trimmed.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) {
            return parseJdbc(trimmed, masked);
        }
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase();
        if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
            throw invalid(masked, schemeEnd < 0
                    ? "scheme is missing; expected postgres://, postgresql:// or jdbc:postgresql://"
                    : "scheme '" + scheme + "' is not supported; expected postgres://, postgresql:// or jdbc:postgresql://");
        }
        String rest = trimmed.substring(schemeEnd + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);

        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user", masked);
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password", masked);
            if (user.isEmpty()) {
                user = null;
            }
        }
        String hosts = parseHosts(authority, masked);
        if (database.isEmpty()) {
            throw invalid(masked, "database name is missing after the host (…/database)");
        }
        database = decode(database, "database name", masked);
        if (database.contains("/")) {
            throw invalid(masked, "database name '" + database + "' contains '/'");
        }

        Map<String, String> params = parseQuery(query, masked);
        if (user == null && params.containsKey("user")) {
            user = params.remove("user");
        }
        if (password == null && params.containsKey("password")) {
            password = params.remove("password");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(hosts).append('/')
                .append(encodePathSegment(database));
        if (!params.isEmpty()) {
            jdbc.append('?');
            boolean first = true;
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (!first) {
                    jdbc.append('&');
                }
                first = false;
                jdbc.append(e.getKey()).append('=').append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        return new DatabaseUrl(jdbc.toString(), user, password, masked);
    }

    private static DatabaseUrl parseJdbc(String url, String masked) {
        String rest = url.substring("jdbc:postgresql:".length());
        if (!rest.startsWith("//")) {
            throw invalid(masked, "expected jdbc:postgresql://host:port/database");
        }
        String body = rest.substring(2);
        int q = body.indexOf('?');
        String path = q < 0 ? body : body.substring(0, q);
        int slash = path.indexOf('/');
        String authority = slash < 0 ? path : path.substring(0, slash);
        if (authority.contains("@")) {
            throw invalid(masked, "jdbc:postgresql URLs take credentials as ?user=...&password=..., not user@host");
        }
        parseHosts(authority, masked);
        Map<String, String> params = parseQuery(q < 0 ? null : body.substring(q + 1), masked);
        // Keep the JDBC URL exactly as given (its parameters are pgjdbc's), only lift credentials out of it.
        String user = params.get("user");
        String password = params.get("password");
        String jdbcUrl = password == null ? url : PASSWORD_PARAM.matcher(url).replaceAll("").replace("?&", "?").replace("&&", "&");
        if (jdbcUrl.endsWith("?") || jdbcUrl.endsWith("&")) {
            jdbcUrl = jdbcUrl.substring(0, jdbcUrl.length() - 1);
        }
        return new DatabaseUrl(jdbcUrl, user, password, masked);
    }

    private static String parseHosts(String authority, String masked) {
        if (authority.isEmpty()) {
            throw invalid(masked, "host is missing; expected host:port after '//'");
        }
        StringBuilder out = new StringBuilder();
        for (String hostPort : authority.split(",", -1)) {
            if (hostPort.isEmpty()) {
                throw invalid(masked, "host list has an empty entry");
            }
            String host;
            String port = null;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    throw invalid(masked, "IPv6 host '" + hostPort + "' is missing ']'");
                }
                host = hostPort.substring(0, close + 1);
                if (close + 1 < hostPort.length()) {
                    if (hostPort.charAt(close + 1) != ':') {
                        throw invalid(masked, "expected ':' after IPv6 host " + host);
                    }
                    port = hostPort.substring(close + 2);
                }
            } else {
                int colon = hostPort.lastIndexOf(':');
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                port = colon < 0 ? null : hostPort.substring(colon + 1);
            }
            if (host.isEmpty()) {
                throw invalid(masked, "host is missing before ':" + port + "'");
            }
            if (!host.startsWith("[") && !host.matches("[A-Za-z0-9._%-]+")) {
                throw invalid(masked, "host '" + host + "' has characters a host name cannot have");
            }
            if (port != null) {
                int p;
                try {
                    p = Integer.parseInt(port);
                } catch (NumberFormatException e) {
                    throw invalid(masked, "port '" + port + "' is not a number");
                }
                if (p < 1 || p > 65535) {
                    throw invalid(masked, "port " + p + " is out of range 1..65535");
                }
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(host);
            if (port != null) {
                out.append(':').append(port);
            }
        }
        return out.toString();
    }

    private static Map<String, String> parseQuery(String query, String masked) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.isEmpty()) {
                throw invalid(masked, "query parameter '" + pair + "' has no name");
            }
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(decode(key, "query parameter name", masked), decode(value, "query parameter " + key, masked));
        }
        return params;
    }

    private static String decode(String s, String part, String masked) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(masked, part + " has a malformed %-escape; encode special characters as %XX");
        }
    }

    private static String encodePathSegment(String s) {
        Matcher m = Pattern.compile("[^A-Za-z0-9._~-]").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(
                    java.net.URLEncoder.encode(m.group(), StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static InvalidConfigurationException invalid(String masked, String problem) {
        return new InvalidConfigurationException(SETTING, "invalid database URL '" + masked + "': " + problem);
    }
}
