package dev.poolguard.internal.doctor;

import dev.poolguard.DatabaseConfig;
import dev.poolguard.internal.DatabaseUrl;
import dev.poolguard.pooler.PoolerMode;
import dev.poolguard.pooler.Provider;
import dev.poolguard.pooler.Route;

import java.sql.Driver;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the doctor connects: the JDBC URL and credentials, the driver properties (secret ones included, for the
 * connection only), the pgjdbc settings in force, the first host, port and database, and what the URL and the
 * application's pooler setting say about the route.
 *
 * @param connectProperties driver properties to connect with, secrets included: never print them
 * @param settings          pgjdbc settings from the URL and the driver properties, secrets left out
 * @param impliedRoute      the route the URL or the pooler setting names, or {@code null}
 * @param poolerSetting     the application's pooler setting ({@code AUTO} for a bare URL)
 */
public record Target(String maskedUrl, String jdbcUrl, String user, String password, Driver driver,
                     Map<String, String> connectProperties, Map<String, String> settings, String host, int port,
                     String database, Provider provider, Route impliedRoute, PoolerMode poolerSetting) {

    public Target {
        connectProperties = Map.copyOf(connectProperties);
        settings = Map.copyOf(settings);
    }

    /** From a URL in any form Poolguard reads; pgjdbc opens it. */
    public static Target of(String url) {
        DatabaseUrl u = DatabaseUrl.parse(url);
        DatabaseUrl.HostPort first = u.hosts().get(0);
        return new Target(u.toString(), u.jdbcUrl(), u.user(), u.password(), new org.postgresql.Driver(), u.secretParams(),
                u.params(), first.host(), first.portOrDefault(), u.database(), u.provider(), u.impliedRoute(), PoolerMode.AUTO);
    }

    /** From a running database's settings: its URL, credentials, driver, driver properties and pooler setting. */
    public static Target of(DatabaseConfig config) {
        DatabaseUrl u = DatabaseUrl.parse(config.jdbcUrl());
        DatabaseUrl.HostPort first = u.hosts().get(0);
        Map<String, String> connect = new LinkedHashMap<>(config.driverProperties());
        connect.putAll(config.secretDriverProperties());
        Map<String, String> settings = new LinkedHashMap<>(config.driverProperties());
        settings.putAll(config.urlParameters());
        Route initial = config.initialRoute();
        return new Target(config.maskedUrl(), config.jdbcUrl(), config.user(), config.password(), config.driver(), connect,
                settings, first.host(), first.portOrDefault(), u.database(), config.provider(),
                initial.kind() == Route.Kind.UNKNOWN ? null : initial, config.pooler());
    }

    /** A pgjdbc setting from the URL's parameters or the driver properties, or {@code null}. */
    public String setting(String name) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
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

    @Override
    public String toString() {
        return "Target[" + maskedUrl + "]";
    }
}
