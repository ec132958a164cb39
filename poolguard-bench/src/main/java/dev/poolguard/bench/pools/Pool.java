package dev.poolguard.bench.pools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** Poolguard and the pools it is measured against, by the key the benchmarks take as a parameter. */
public enum Pool {
    POOLGUARD("poolguard", "Poolguard"),
    HIKARI("hikari", "HikariCP"),
    DBCP2("dbcp2", "Apache DBCP2"),
    C3P0("c3p0", "c3p0"),
    TOMCAT("tomcat", "Tomcat JDBC"),
    VIBUR("vibur", "Vibur DBCP"),
    AGROAL("agroal", "Agroal");

    private static final Properties VERSIONS = versions();

    private final String key;
    private final String name;

    Pool(String key, String name) {
        this.key = key;
        this.name = name;
    }

    /** The JMH parameter value: {@code poolguard}, {@code hikari}, ... */
    public String key() {
        return key;
    }

    /** Name and version for tables: {@code HikariCP 7.1.0}. */
    public String label() {
        return name + " " + VERSIONS.getProperty(key, "?");
    }

    public static Pool of(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown pool '" + key + "'; known: " + keys(List.of(values()))));
    }

    /** Every pool but Poolguard. */
    public static List<Pool> peers() {
        return Arrays.stream(values()).filter(p -> p != POOLGUARD).toList();
    }

    public static String keys(List<Pool> pools) {
        return String.join(",", pools.stream().map(Pool::key).toList());
    }

    /** The pgjdbc version the real-database runs use. */
    public static String pgjdbcVersion() {
        return VERSIONS.getProperty("pgjdbc", "?");
    }

    private static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = Pool.class.getResourceAsStream("/dev/poolguard/bench/versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
