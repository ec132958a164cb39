package dev.poolguard;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps the current row of a result set to a value. Must not call {@code next()} or keep the result set. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
}
