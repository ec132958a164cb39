package org.chatserver.database;

import java.sql.Connection;
import java.sql.SQLException;

/** Where the server's JDBC connections come from: a pool, or an embedded database. */
public interface ConnectionProvider {

    boolean isPooled();

    Connection getConnection() throws SQLException;

    void start();

    void destroy();
}
