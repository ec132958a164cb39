package dev.poolguard;

import java.util.List;
import java.util.Optional;

/** The query methods shared by {@link Database} and {@link Transaction}. Bind values are never logged. */
public interface SqlOperations {

    /** Runs a query and maps every row. */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params);

    /** Runs a query expected to return at most one row; a second row throws {@link TooManyRowsException}. */
    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params);

    /** Runs an INSERT, UPDATE, DELETE or DDL statement and returns the number of rows changed. */
    int update(String sql, Object... params);
}
