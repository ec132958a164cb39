package org.chatserver.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/** The pooled provider: an owner of raw JDBC by configuration (*Provider). */
public class DefaultConnectionProvider implements ConnectionProvider {

    private final HikariConfig config = new HikariConfig();
    private HikariDataSource dataSource;

    @Override
    public boolean isPooled() {
        return true;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (dataSource == null) {
            throw new SQLException("Check JDBC properties; data source was not be initialised");
        }
        return dataSource.getConnection(); // ok: handed to the caller
    }

    @Override
    public void start() {
        config.setMaximumPoolSize(25);
        dataSource = new HikariDataSource(config); // ok: this class owns the pool
    }

    @Override
    public void destroy() {
        dataSource.close();
    }
}
