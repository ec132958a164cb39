package dev.poolguard.internal;

import dev.poolguard.RowMapper;
import dev.poolguard.TooManyRowsException;
import dev.poolguard.guard.SqlShape;
import dev.poolguard.lease.Lease;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The statement work behind {@code query}, {@code queryOne} and {@code update}, shared by databases and transactions. */
public final class Statements {

    private Statements() {
    }

    public static <T> Engine.Work<List<T>> query(String sql, RowMapper<T> mapper, Object[] params) {
        return lease -> {
            SqlShape shape = SqlShape.of(sql);
            try (PreparedStatement ps = lease.connection().prepareStatement(sql)) {
                bind(ps, params);
                lease.statementStarted(shape.fingerprint());
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(mapper.map(rs));
                    }
                    return rows;
                }
            } finally {
                lease.statementEnded();
            }
        };
    }

    public static <T> Engine.Work<Optional<T>> queryOne(String sql, RowMapper<T> mapper, Object[] params, Engine engine) {
        return lease -> {
            SqlShape shape = SqlShape.of(sql);
            try (PreparedStatement ps = lease.connection().prepareStatement(sql)) {
                bind(ps, params);
                ps.setMaxRows(2); // a second row is enough to know it is an error; never read more
                lease.statementStarted(shape.fingerprint());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    T value = mapper.map(rs);
                    if (rs.next()) {
                        throw new TooManyRowsException("queryOne expected at most one row but the query returned more;"
                                + " add a unique condition or LIMIT 1, or use query(); sql: " + engine.text(sql), engine.text(sql));
                    }
                    return Optional.ofNullable(value);
                }
            } finally {
                lease.statementEnded();
            }
        };
    }

    public static Engine.Work<Integer> update(String sql, Object[] params) {
        return lease -> {
            SqlShape shape = SqlShape.of(sql);
            try (PreparedStatement ps = lease.connection().prepareStatement(sql)) {
                bind(ps, params);
                lease.statementStarted(shape.fingerprint());
                return ps.executeUpdate();
            } finally {
                lease.statementEnded();
            }
        };
    }

    static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        if (params == null) {
            return;
        }
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant) {
                p = OffsetDateTime.ofInstant((Instant) p, ZoneOffset.UTC);
            } else if (p instanceof Enum<?>) {
                p = ((Enum<?>) p).name();
            }
            ps.setObject(i + 1, p);
        }
    }
}
