package dev.poolguard.internal;

import dev.poolguard.InvalidConfigurationException;
import dev.poolguard.pooler.Provider;
import dev.poolguard.pooler.Route;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed PostgreSQL URL in any of the forms providers and frameworks hand out:
 * {@code postgres://user:pass@host:port/db?params}, {@code postgresql://...} and {@code jdbc:postgresql://...}.
 *
 * <p>Credentials are split out: {@link #jdbcUrl()} never carries a password, and {@link #toString()} is built from the
 * parsed parts (user, hosts, database, parameters without {@code password} and {@code sslpassword}), never by
 * editing the text, so no spelling of a password can slip through. Errors never quote the authority (user, password,
 * host, port): when a password holds an unencoded {@code /} or {@code @} the parser's idea of "the host" may be part
 * of the password.
 */
public final class DatabaseUrl {

    private static final String SETTING = "url";
    /** Parameters that are secrets: lifted out of the URL into driver properties, never shown. */
    private static final Set<String> SECRET_PARAMS = Set.of("password", "sslpassword");
    private static final String ENCODE_HINT = "; percent-encode '@', ':', '/', '?', '#', '%' and spaces in the user name"
            + " and password (%40, %3A, %2F, %3F, %23, %25, %20)";

    /** One host of the URL; {@code port} 0 means the default, 5432. */
    public record HostPort(String host, int port) {
        public int portOrDefault() {
            return port == 0 ? 5432 : port;
        }

        @Override
        public String toString() {
            return port == 0 ? host : host + ":" + port;
        }
    }

    private final String scheme;
    private final List<HostPort> hosts;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> params;
    private final Map<String, String> secretParams;

    private DatabaseUrl(String scheme, List<HostPort> hosts, String database, String user, String password,
                        Map<String, String> params, Map<String, String> secretParams) {
        this.scheme = scheme;
        this.hosts = List.copyOf(hosts);
        this.database = database;
        this.user = user;
        this.password = password;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.secretParams = Collections.unmodifiableMap(new LinkedHashMap<>(secretParams));
    }

    /** {@code jdbc:postgresql://hosts/database?params}: no user, no password, no secret parameter. */
    public String jdbcUrl() {
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(hostList()).append('/').append(encodePathSegment(database));
        appendParams(jdbc, params);
        return jdbc.toString();
    }

    /** User from the URL (authority or {@code ?user=}), or {@code null}. */
    public String user() {
        return user;
    }

    /** Password from the URL, or {@code null}. Never print it. */
    public String password() {
        return password;
    }

    /** Secret parameters lifted out of the URL ({@code sslpassword}), for the driver's properties only. */
    public Map<String, String> secretParams() {
        return secretParams;
    }

    public List<HostPort> hosts() {
        return hosts;
    }

    public String database() {
        return database;
    }

    /** The URL's parameters but credentials and secrets, in the order given. */
    public Map<String, String> params() {
        return params;
    }

    /** Whether the URL sets {@code name} (pgjdbc parameter names are case-sensitive). */
    public boolean hasParam(String name) {
        return params.containsKey(name);
    }

    /** The provider the first host belongs to. */
    public Provider provider() {
        return Provider.ofHost(hosts.get(0).host());
    }

    /** Whether every host is this machine (TLS matters less, and poolers are usually the application's own). */
    public boolean loopback() {
        for (HostPort h : hosts) {
            String host = h.host().toLowerCase(Locale.ROOT);
            if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The route the URL names, or {@code null} when it says nothing: Supabase's pooler hosts (port 6543 transaction,
     * 5432 session) and its dedicated PgBouncer (6543 on the database host), Neon's {@code -pooler} hosts, RDS Proxy.
     */
    public Route impliedRoute() {
        HostPort first = hosts.get(0);
        String host = first.host().toLowerCase(Locale.ROOT);
        int port = first.portOrDefault();
        Provider provider = provider();
        if (provider == Provider.SUPABASE && host.endsWith(".pooler.supabase.com")) {
            if (port == 6543) {
                return new Route(Route.Kind.TRANSACTION_POOLER, provider, "Supavisor", Route.Source.URL,
                        "port 6543 on a *.pooler.supabase.com host is Supavisor's transaction mode");
            }
            if (port == 5432) {
                return new Route(Route.Kind.SESSION_POOLER, provider, "Supavisor", Route.Source.URL,
                        "port 5432 on a *.pooler.supabase.com host is Supavisor's session mode");
            }
        }
        if (provider == Provider.SUPABASE && host.endsWith(".supabase.co") && port == 6543) {
            return new Route(Route.Kind.TRANSACTION_POOLER, provider, "PgBouncer", Route.Source.URL,
                    "port 6543 on a Supabase database host is its dedicated PgBouncer in transaction mode");
        }
        if (provider == Provider.NEON && host.contains("-pooler")) {
            return new Route(Route.Kind.TRANSACTION_POOLER, provider, "PgBouncer", Route.Source.URL,
                    "a Neon host with -pooler is its PgBouncer in transaction mode");
        }
        if (provider == Provider.AWS_RDS && host.contains(".proxy-")) {
            return new Route(Route.Kind.TRANSACTION_POOLER, provider, "RDS Proxy", Route.Source.URL,
                    "a .proxy- host is RDS Proxy, which multiplexes transactions and pins clients on session state");
        }
        return null;
    }

    /** The URL as configured, rebuilt from its parts: password as {@code ****}, secret parameters left out. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(scheme).append("://");
        boolean jdbc = scheme.startsWith("jdbc:");
        if (!jdbc && user != null) {
            out.append(encodeUserInfo(user));
            if (password != null) {
                out.append(":****");
            }
            out.append('@');
        }
        out.append(hostList()).append('/').append(encodePathSegment(database));
        Map<String, String> shown = new LinkedHashMap<>();
        if (jdbc && user != null) {
            shown.put("user", user);
        }
        shown.putAll(params);
        appendParams(out, shown);
        if (jdbc && password != null) {
            out.append(shown.isEmpty() ? '?' : '&').append("password=****");
        }
        return out.toString();
    }

    /**
     * Masks credentials in free text that may contain a database URL or {@code password=} pairs (driver messages):
     * everything between a URL's scheme and the last {@code @} of its authority, and the values of secret parameters.
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int sep = text.indexOf("://", i);
            if (sep < 0) {
                out.append(text, i, text.length());
                break;
            }
            int tokenEnd = sep + 3;
            while (tokenEnd < text.length() && !Character.isWhitespace(text.charAt(tokenEnd)) && text.charAt(tokenEnd) != '\''
                    && text.charAt(tokenEnd) != '"') {
                tokenEnd++;
            }
            int at = text.lastIndexOf('@', tokenEnd - 1);
            out.append(text, i, sep + 3);
            if (at > sep + 3) {
                int colon = text.indexOf(':', sep + 3);
                String userPart = colon > 0 && colon < at ? text.substring(sep + 3, colon) : text.substring(sep + 3, at);
                out.append(userPart).append(colon > 0 && colon < at ? ":****" : "").append(text, at, tokenEnd);
            } else {
                out.append(text, sep + 3, tokenEnd);
            }
            i = tokenEnd;
        }
        return maskSecretParams(out.toString());
    }

    private static String maskSecretParams(String s) {
        StringBuilder out = new StringBuilder(s.length());
        String lower = s.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length()) {
            int next = -1;
            String key = null;
            for (String k : SECRET_PARAMS) {
                int at = lower.indexOf(k + "=", i);
                if (at >= 0 && (next < 0 || at < next)) {
                    next = at;
                    key = k;
                }
            }
            if (next < 0) {
                out.append(s, i, s.length());
                break;
            }
            int valueStart = next + key.length() + 1;
            int valueEnd = valueStart;
            while (valueEnd < s.length() && s.charAt(valueEnd) != '&' && !Character.isWhitespace(s.charAt(valueEnd))) {
                valueEnd++;
            }
            out.append(s, i, valueStart).append("****");
            i = valueEnd;
        }
        return out.toString();
    }

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidConfigurationException(SETTING, "is empty; expected postgres://user:password@host:5432/database");
        }
        String trimmed = url.strip();
        if (trimmed.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) {
            return parseJdbc(trimmed);
        }
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
            throw invalid(null, schemeEnd < 0
                    ? "scheme is missing; expected postgres://, postgresql:// or jdbc:postgresql://"
                    : (scheme.matches("[a-z][a-z0-9+.-]{0,20}") ? "scheme '" + scheme + "' is not supported" : "the scheme is not supported")
                    + "; expected postgres://, postgresql:// or jdbc:postgresql://");
        }
        String rest = trimmed.substring(schemeEnd + 3);
        // Where the user info ends. A password pasted unencoded may hold '@', '/', '?' or ':', so the last '@' is tried
        // first (everything after it must then be hosts, a database and parameters); then the last '@' before the
        // query, for a parameter value with an '@' in it; then the last '@' before the path, as URLs are written.
        List<Integer> candidates = new ArrayList<>();
        candidates.add(rest.lastIndexOf('@'));
        int query = rest.indexOf('?');
        candidates.add(rest.lastIndexOf('@', query < 0 ? rest.length() - 1 : query - 1));
        int slash = indexOfAny(rest, "/?");
        candidates.add(rest.lastIndexOf('@', slash < 0 ? rest.length() - 1 : slash - 1));
        InvalidConfigurationException first = null;
        for (int at : candidates.stream().distinct().toList()) {
            try {
                return parseAt(scheme, rest, at);
            } catch (InvalidConfigurationException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    private static DatabaseUrl parseAt(String scheme, String rest, int at) {
        String user = null;
        String password = null;
        String afterUserInfo = rest;
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            afterUserInfo = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "the user name", scheme);
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "the password", scheme);
            if (user.isEmpty()) {
                user = null;
            }
        }
        String query = null;
        int q = afterUserInfo.indexOf('?');
        if (q >= 0) {
            query = afterUserInfo.substring(q + 1);
            afterUserInfo = afterUserInfo.substring(0, q);
        }
        int slash = afterUserInfo.indexOf('/');
        String authority = slash < 0 ? afterUserInfo : afterUserInfo.substring(0, slash);
        String database = slash < 0 ? "" : afterUserInfo.substring(slash + 1);
        List<HostPort> hosts = parseHosts(authority, scheme);
        if (database.isEmpty()) {
            throw invalid(scheme, "the database name is missing after the host (…/database)");
        }
        database = decode(database, "the database name", scheme);
        if (database.contains("/")) {
            throw invalid(scheme, "the database name contains '/'");
        }
        Map<String, String> params = parseQuery(query, scheme);
        if (user == null && params.containsKey("user")) {
            user = params.get("user");
        }
        params.remove("user");
        if (password == null && params.containsKey("password")) {
            password = params.get("password");
        }
        return new DatabaseUrl(scheme, hosts, database, user, password, publicParams(params), secretParams(params));
    }

    private static DatabaseUrl parseJdbc(String url) {
        String scheme = "jdbc:postgresql";
        String rest = url.substring("jdbc:postgresql:".length());
        if (!rest.startsWith("//")) {
            throw invalid(scheme, "expected jdbc:postgresql://host:port/database");
        }
        String body = rest.substring(2);
        int q = body.indexOf('?');
        String path = q < 0 ? body : body.substring(0, q);
        int slash = path.indexOf('/');
        String authority = slash < 0 ? path : path.substring(0, slash);
        if (authority.contains("@")) {
            throw invalid(scheme, "jdbc:postgresql URLs take credentials as ?user=...&password=..., not user@host");
        }
        List<HostPort> hosts = parseHosts(authority, scheme);
        String database = slash < 0 ? "" : decode(path.substring(slash + 1), "the database name", scheme);
        if (database.isEmpty()) {
            throw invalid(scheme, "the database name is missing after the host (…/database)");
        }
        Map<String, String> params = parseQuery(q < 0 ? null : body.substring(q + 1), scheme);
        String user = params.remove("user");
        String password = params.get("password");
        return new DatabaseUrl(scheme, hosts, database, user, password, publicParams(params), secretParams(params));
    }

    private static Map<String, String> publicParams(Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>(params);
        out.keySet().removeIf(k -> SECRET_PARAMS.contains(k.toLowerCase(Locale.ROOT)));
        return out;
    }

    private static Map<String, String> secretParams(Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (SECRET_PARAMS.contains(k.toLowerCase(Locale.ROOT)) && !k.equalsIgnoreCase("password")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static List<HostPort> parseHosts(String authority, String scheme) {
        if (authority.isEmpty()) {
            throw invalid(scheme, "the host is missing; expected host:port after '//'" + ENCODE_HINT);
        }
        List<HostPort> out = new ArrayList<>();
        for (String hostPort : authority.split(",", -1)) {
            if (hostPort.isEmpty()) {
                throw invalid(scheme, "the host list has an empty entry");
            }
            String host;
            String port = null;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    throw invalid(scheme, "an IPv6 host is missing ']'");
                }
                host = hostPort.substring(0, close + 1);
                if (close + 1 < hostPort.length()) {
                    if (hostPort.charAt(close + 1) != ':') {
                        throw invalid(scheme, "expected ':' after an IPv6 host");
                    }
                    port = hostPort.substring(close + 2);
                }
            } else {
                int colon = hostPort.lastIndexOf(':');
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                port = colon < 0 ? null : hostPort.substring(colon + 1);
            }
            if (host.isEmpty()) {
                throw invalid(scheme, "the host is missing before the port" + ENCODE_HINT);
            }
            if (!host.startsWith("[") && !host.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
                throw invalid(scheme, "the host has characters a host name cannot have" + ENCODE_HINT);
            }
            int p = 0;
            if (port != null) {
                if (!port.matches("[0-9]{1,5}")) {
                    throw invalid(scheme, "the port is not a number" + ENCODE_HINT);
                }
                p = Integer.parseInt(port);
                if (p < 1 || p > 65535) {
                    throw invalid(scheme, "the port " + p + " is out of range 1..65535");
                }
            }
            out.add(new HostPort(host, p));
        }
        return out;
    }

    private static Map<String, String> parseQuery(String query, String scheme) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawKey = eq < 0 ? pair : pair.substring(0, eq);
            if (rawKey.isEmpty()) {
                throw invalid(scheme, "a query parameter has no name");
            }
            String key = decode(rawKey, "a query parameter name", scheme);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            boolean secret = SECRET_PARAMS.contains(key.toLowerCase(Locale.ROOT));
            params.put(key, decode(value, secret ? "the " + key + " parameter" : "query parameter " + safeName(key), scheme));
        }
        return params;
    }

    private String hostList() {
        StringBuilder out = new StringBuilder();
        for (HostPort h : hosts) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(h);
        }
        return out.toString();
    }

    private static void appendParams(StringBuilder out, Map<String, String> params) {
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            out.append(first ? '?' : '&');
            first = false;
            out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
    }

    private static String safeName(String key) {
        return key.matches("[A-Za-z0-9_.-]{1,40}") ? key : "(unreadable name)";
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String s, String part, String scheme) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(scheme, part + " has a malformed %-escape; encode '%' as %25 and other special characters as %XX");
        }
    }

    private static String encodeUserInfo(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePathSegment(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            if (cp < 128 && (Character.isLetterOrDigit(cp) || "._~-".indexOf(cp) >= 0)) {
                out.append(ch);
            } else {
                out.append(URLEncoder.encode(ch, StandardCharsets.UTF_8).replace("+", "%20"));
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static InvalidConfigurationException invalid(String scheme, String problem) {
        return new InvalidConfigurationException(SETTING, "invalid database URL" + (scheme == null ? "" : " (" + scheme + "://…)")
                + ": " + problem);
    }
}
