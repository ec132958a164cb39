package org.proxy.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;

/** The one place that builds pools. */
public final class PoolFactory {

    private PoolFactory() {
    }

    public static DataSource create(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config); // ok: an owner
    }

    public static boolean reachable(String url) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) { // ok: closed, in an owner
            return c.isValid(2);
        }
    }
}
