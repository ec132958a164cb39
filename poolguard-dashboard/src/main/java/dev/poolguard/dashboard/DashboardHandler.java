package dev.poolguard.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.Database;
import dev.poolguard.status.Health;
import dev.poolguard.doctor.DoctorOptions;
import dev.poolguard.InvalidConfigurationException;
import dev.poolguard.micrometer.PoolguardMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webjars.WebJarVersionLocator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The dashboard's requests and answers, independent of any HTTP server: give it the method, the path relative to
 * where it is mounted, the raw query string and the request headers, and send back the {@link DashboardResponse}.
 * {@link Dashboard} runs it on the JDK's HTTP server; a web framework mounts it under a prefix of its own:
 *
 * <pre>{@code
 * DashboardHandler poolguard = DashboardHandler.create(db);
 * // for a request to /poolguard/api/status?since=0:
 * DashboardResponse r = poolguard.handle("GET", "/api/status", "since=0", headers);
 * }</pre>
 *
 * <p>Paths: {@code ""} or {@code "/"} the page (it uses relative URLs only, so it works under any prefix),
 * {@code /api/status}, {@code /api/leases}, {@code /api/events}, {@code /api/health}, {@code /doctor} (the doctor's
 * page) and {@code /api/doctor} ({@code db.diagnostics().doctor()} as JSON), {@code /metrics}, and
 * {@code /assets/...}. Only GET and HEAD are answered. With an access token configured every request must carry it
 * ({@code Authorization: Bearer}, or the cookie the page sets when opened once with {@code ?token=}), except the bare
 * mount point's one-line redirect, which carries nothing. Tell the builder where it is
 * {@linkplain Builder#mountPath mounted} so that cookie is scoped to the dashboard. Thread-safe. {@link #close()}
 * stops its sampler thread.
 */
public final class DashboardHandler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String COOKIE = "poolguard_dashboard";
    static final String JSON_TYPE = "application/json; charset=utf-8";
    static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * The whole page at the bare mount point ({@code /poolguard}, no slash), where the page's relative URLs would
     * miss: it moves the browser to {@code /poolguard/} before anything else loads.
     */
    private static final String SLASH_SCRIPT = "location.replace(location.pathname.endsWith('/')"
            + "?'index.html'+location.search:location.pathname+'/'+location.search);";
    private static final String SLASH_PAGE = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Poolguard dashboard</title><script>" + SLASH_SCRIPT + "</script></head><body></body></html>";

    private static final String UPLOT_JS = "assets/uplot/" + uplotVersion() + "/uPlot.iife.min.js";
    private static final String UPLOT_CSS = "assets/uplot/" + uplotVersion() + "/uPlot.min.css";

    private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'"
            + " data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String SLASH_POLICY = "default-src 'none'; script-src 'sha256-" + sha256Base64(SLASH_SCRIPT)
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Database db;
    private final AccessToken token;
    /** {@code Path} and flags of the cookie the page sets: scoped to where the dashboard is mounted. */
    private final String cookieAttributes;
    private final Supplier<String> metrics;
    private final AutoCloseable ownMetrics;
    private final History history;
    private final DoctorView doctor;
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final Asset slashPage;

    private DashboardHandler(Builder b) {
        this.db = b.db;
        this.token = b.token;
        this.cookieAttributes = "; Path=" + b.mountPath + "/; HttpOnly; SameSite=Strict" + (b.secureCookie ? "; Secure" : "");
        if (b.metrics != null) {
            this.metrics = b.metrics;
            this.ownMetrics = null;
        } else {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            PoolguardMetrics binder = new PoolguardMetrics(db);
            binder.bindTo(registry);
            this.metrics = registry::scrape;
            this.ownMetrics = () -> {
                binder.close();
                registry.close();
            };
        }
        String page = text(resource("dev/poolguard/dashboard/index.html"))
                .replace("{{UPLOT_JS}}", UPLOT_JS).replace("{{UPLOT_CSS}}", UPLOT_CSS);
        assets.put("", new Asset("text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), "no-store"));
        slashPage = new Asset("text/html; charset=utf-8", SLASH_PAGE.getBytes(StandardCharsets.UTF_8), "no-store");
        assets.put("assets/dashboard.js", new Asset("text/javascript; charset=utf-8",
                resource("dev/poolguard/dashboard/dashboard.js"), "no-cache"));
        assets.put("doctor", new Asset("text/html; charset=utf-8", resource("dev/poolguard/dashboard/doctor.html"), "no-store"));
        assets.put("assets/doctor.js", new Asset("text/javascript; charset=utf-8",
                resource("dev/poolguard/dashboard/doctor.js"), "no-cache"));
        assets.put("assets/dashboard.css", new Asset("text/css; charset=utf-8",
                resource("dev/poolguard/dashboard/dashboard.css"), "no-cache"));
        WebJarVersionLocator webjars = new WebJarVersionLocator();
        assets.put(UPLOT_JS, new Asset("text/javascript; charset=utf-8",
                resource(webjars.fullPath("uplot", "dist/uPlot.iife.min.js")), "max-age=86400"));
        assets.put(UPLOT_CSS, new Asset("text/css; charset=utf-8",
                resource(webjars.fullPath("uplot", "dist/uPlot.min.css")), "max-age=86400"));
        this.history = new History(db);
        this.doctor = new DoctorView(db, b.instances);
    }

    /** A handler with no access token and a Prometheus registry of its own for {@code /metrics}. */
    public static DashboardHandler create(Database db) {
        return builder(db).build();
    }

    public static Builder builder(Database db) {
        return new Builder(db);
    }

    /**
     * Answers one request.
     *
     * @param method  the HTTP method
     * @param path    the path below the mount point: {@code "/"} (or {@code "/index.html"}) for the page,
     *                {@code "/api/status"}, ...; {@code ""} or null for the bare mount point without a trailing slash
     * @param query   the raw query string without {@code ?}, or null
     * @param headers request headers; names in any case
     */
    public DashboardResponse handle(String method, String path, String query, Map<String, String> headers) {
        try {
            boolean bare = path == null || path.isEmpty();
            return respond(method, bare, normalize(path), parseQuery(query), caseInsensitive(headers));
        } catch (BadRequest e) {
            return problem(400, "Bad Request", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Poolguard dashboard failed on {} {}: {}", method, path, e.toString());
            return problem(500, "Internal Server Error", "the dashboard failed: " + e.getClass().getSimpleName());
        }
    }

    private DashboardResponse respond(String method, boolean bare, String path, Map<String, String> query,
                                      Map<String, String> headers) {
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            DashboardResponse r = problem(405, "Method Not Allowed", "the dashboard only reads: use GET or HEAD, not " + method);
            return with(r, "Allow", "GET, HEAD");
        }
        // The bare mount point only moves the browser to the page (query kept): it carries nothing to protect, and the
        // cookie, scoped to <mount>/, does not reach it.
        if (token != null && !bare) {
            // ?token= opens the page only: in any other URL it would end up in access logs and Referer headers.
            boolean page = path.isEmpty() || path.equals("index.html");
            String fromQuery = page ? query.get("token") : null;
            boolean byQuery = token.matches(fromQuery);
            if (!byQuery && !token.matches(bearer(headers.get("Authorization"))) && !token.matches(cookie(headers.get("Cookie")))) {
                DashboardResponse r = problem(401, "Unauthorized", "this dashboard needs its access token: send"
                        + " 'Authorization: Bearer <token>', or open the page once with ?token=<token>");
                return with(r, "WWW-Authenticate", "Bearer realm=\"poolguard\"");
            }
            if (byQuery) {
                // The page's own requests (scripts, styles, APIs) carry the cookie; the redirect keeps the token out
                // of the address bar and history.
                Map<String, String> redirect = new LinkedHashMap<>();
                redirect.put("Set-Cookie", COOKIE + "=" + fromQuery + cookieAttributes);
                redirect.put("Location", "./");
                return new DashboardResponse(303, "text/plain; charset=utf-8", headers(redirect, "no-store"), new byte[0]);
            }
        }
        DashboardResponse r = bare ? asset(slashPage, SLASH_POLICY) : route(path, query);
        return head ? new DashboardResponse(r.status(), r.contentType(), r.headers(), new byte[0]) : r;
    }

    private DashboardResponse route(String path, Map<String, String> query) {
        switch (path) {
            case "":
            case "index.html":
                return asset(assets.get(""), PAGE_POLICY);
            case "api/status":
                return json(200, Views.status(db, history, since(query.get("since"))));
            case "api/leases":
                return json(200, Views.leases(db));
            case "api/events":
                return json(200, Views.events(db));
            case "doctor":
                return asset(assets.get("doctor"), PAGE_POLICY);
            case "api/doctor":
                try {
                    return json(200, doctor.report(System.currentTimeMillis()));
                } catch (DoctorView.DoctorFailed e) {
                    return problem(503, "Service Unavailable", e.getMessage());
                }
            case "api/health":
                Health h = db.diagnostics().health();
                return json(h.status() == Health.Status.DOWN ? 503 : 200, Views.health(h));
            case "metrics":
                return new DashboardResponse(200, PROMETHEUS_TYPE, headers(Map.of(), "no-store"),
                        metrics.get().getBytes(StandardCharsets.UTF_8));
            default:
                Asset a = assets.get(path);
                if (a == null) {
                    return problem(404, "Not Found", "no dashboard resource '" + path + "'; try ./ for the page or"
                            + " api/status, api/leases, api/events, api/health, doctor, api/doctor, metrics");
                }
                return asset(a, null);
        }
    }

    private static long since(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequest("since: '" + value + "' is not a time in epoch milliseconds");
        }
    }

    private DashboardResponse asset(Asset a, String policy) {
        Map<String, String> h = new LinkedHashMap<>();
        if (policy != null) {
            h.put("Content-Security-Policy", policy);
            h.put("X-Frame-Options", "DENY");
        }
        return new DashboardResponse(200, a.contentType, headers(h, a.cacheControl), a.body);
    }

    private static DashboardResponse json(int status, Object document) {
        try {
            return new DashboardResponse(status, JSON_TYPE, headers(Map.of(), "no-store"), JSON.writeValueAsBytes(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write dashboard JSON", e);
        }
    }

    static DashboardResponse problem(int status, String title, String details) {
        return json(status, Views.problem(status, title, details));
    }

    private static DashboardResponse with(DashboardResponse r, String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.put(name, value);
        return new DashboardResponse(r.status(), r.contentType(), h, r.body());
    }

    private static Map<String, String> headers(Map<String, String> extra, String cacheControl) {
        Map<String, String> h = new LinkedHashMap<>(extra);
        h.put("Cache-Control", cacheControl);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        return h;
    }

    private static String normalize(String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            out.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the query string is not URL-encoded correctly");
        }
    }

    private static Map<String, String> caseInsensitive(Map<String, String> headers) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static String cookie(String cookies) {
        if (cookies == null) {
            return null;
        }
        for (String c : cookies.split(";")) {
            String t = c.trim();
            if (t.startsWith(COOKIE + "=")) {
                return t.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dashboard resource " + name, e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String uplotVersion() {
        String version = new WebJarVersionLocator().version("uplot");
        if (version == null) {
            throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is missing from the classpath");
        }
        return version;
    }

    private static String sha256Base64(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Stops the sampler and the dashboard's own metrics binder, if it made one. */
    @Override
    public void close() {
        history.close();
        if (ownMetrics != null) {
            try {
                ownMetrics.close();
            } catch (Exception e) {
                log.debug("closing the dashboard's metrics failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "DashboardHandler[" + db.config().poolName() + (token == null ? "" : ", token required") + "]";
    }

    /** Builds a {@link DashboardHandler}. */
    public static final class Builder {
        private final Database db;
        private AccessToken token;
        private Supplier<String> metrics;
        private int instances = DoctorOptions.DEFAULT_INSTANCES;
        private String mountPath = "";
        private boolean secureCookie;

        private Builder(Database db) {
            this.db = Objects.requireNonNull(db, "db");
        }

        /**
         * Where the handler is mounted, such as {@code /poolguard}; default {@code ""} (the root, as {@link Dashboard}
         * serves it). The cookie the page sets gets {@code Path=<mount>/}, so it reaches the dashboard and nothing else
         * of the application.
         */
        public Builder mountPath(String path) {
            if (path == null || !path.equals("") && !path.matches("(/[A-Za-z0-9._~%-]+)+")) {
                throw new InvalidConfigurationException("mountPath", "'" + path + "' is not a path such as /poolguard"
                        + " (\"\" for the root): it starts with '/', has no trailing '/', and no spaces, ';', ',' or '?'");
            }
            this.mountPath = path;
            return this;
        }

        /**
         * Mark the cookie {@code Secure}, so browsers send it over HTTPS only. Turn it on when the dashboard is reached
         * through TLS (a proxy in front); default false, since the built-in server speaks plain HTTP.
         */
        public Builder secureCookie(boolean secure) {
            this.secureCookie = secure;
            return this;
        }

        /**
         * Requires this secret on every request: 16 to 512 visible ASCII characters without spaces, {@code ;},
         * {@code ,}, {@code "} or {@code \}.
         */
        public Builder accessToken(String accessToken) {
            this.token = AccessToken.of(accessToken);
            return this;
        }

        /**
         * Where {@code /metrics} text comes from, e.g. the application's {@code prometheusRegistry::scrape} (bind
         * {@link PoolguardMetrics} to it yourself). By default the dashboard keeps a registry of its own.
         */
        public Builder metrics(Supplier<String> prometheusText) {
            this.metrics = Objects.requireNonNull(prometheusText, "prometheusText");
            return this;
        }

        /** Instances running this pool at full scale, for the doctor page's connection budget (default 1). */
        public Builder instances(int instances) {
            DoctorOptions.builder().instances(instances); // checks the range and names the setting
            this.instances = instances;
            return this;
        }

        boolean hasToken() {
            return token != null;
        }

        public DashboardHandler build() {
            return new DashboardHandler(this);
        }
    }

    private record Asset(String contentType, byte[] body, String cacheControl) {
    }

    /** A request the dashboard cannot read: answered 400 with the reason. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
