package dev.poolguard;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a raw JDBC connection that is valid only until the callback returns. */
@FunctionalInterface
public interface ConnectionCallback<T> {
    T apply(Connection connection) throws SQLException;
}
