package dev.poolguard.internal.doctor;

import dev.poolguard.DatabaseConfig;
import dev.poolguard.internal.DatabaseUrl;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the doctor connects: the JDBC URL without credentials, the credentials, the driver and its properties, and
 * the first host, port and database named in the URL (for messages and provider hints).
 */
public record Target(String maskedUrl, String jdbcUrl, String user, String password, Driver driver,
                     Map<String, String> driverProperties, String host, int port, String database) {

    private static final Pattern JDBC = Pattern.compile("(?i)^jdbc:postgresql://([^/?]*)/?([^?]*)(?:\\?(.*))?$");

    public Target {
        driverProperties = Map.copyOf(driverProperties);
    }

    /** From a URL in any form Poolguard reads; pgjdbc opens it. */
    public static Target of(String url) {
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        return of(parsed.toString(), parsed.jdbcUrl(), parsed.user(), parsed.password(), new org.postgresql.Driver(), Map.of());
    }

    /** From a running database's settings: its URL, credentials, driver and driver properties. */
    public static Target of(DatabaseConfig config) {
        return of(config.maskedUrl(), config.jdbcUrl(), config.user(), config.password(), config.driver(),
                config.driverProperties());
    }

    private static Target of(String masked, String jdbcUrl, String user, String password, Driver driver,
                             Map<String, String> properties) {
        Matcher m = JDBC.matcher(jdbcUrl);
        String host = "localhost";
        int port = 5432;
        String database = "";
        Map<String, String> all = new LinkedHashMap<>();
        if (m.matches()) {
            String first = m.group(1).split(",")[0];
            int colon = first.startsWith("[") ? first.indexOf(':', first.indexOf(']')) : first.lastIndexOf(':');
            host = colon < 0 ? first : first.substring(0, colon);
            if (colon >= 0) {
                port = Integer.parseInt(first.substring(colon + 1));
            }
            database = decode(m.group(2));
            if (m.group(3) != null) {
                for (String pair : m.group(3).split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        all.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                    }
                }
            }
        }
        all.putAll(properties);
        all.remove("password");
        String db = database.isEmpty() && user != null ? user : database;
        return new Target(masked, jdbcUrl, user, password, driver, all, host.isEmpty() ? "localhost" : host, port, db);
    }

    /** A pgjdbc setting from the URL's parameters or the builder's driver properties, or {@code null}. */
    public String setting(String name) {
        for (Map.Entry<String, String> e : driverProperties.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** {@code host:port} as given in the URL. */
    public String address() {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public String toString() {
        return "Target[" + maskedUrl + "]";
    }
}
