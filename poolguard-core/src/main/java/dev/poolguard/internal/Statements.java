package dev.poolguard.internal;

import dev.poolguard.internal.sql.SqlShape;
import dev.poolguard.RowMapper;
import dev.poolguard.TooManyRowsException;
import dev.poolguard.internal.lease.Lease;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statement work behind {@code query}, {@code queryOne} and {@code update}, shared by databases and transactions:
 * prepare (with the call-site comment), bind, execute, read while counting rows, and tell the lease and the guard.
 */
public final class Statements {

    private Statements() {
    }

    public static <T> Engine.Work<List<T>> query(Engine engine, String sql, RowMapper<T> mapper, Object[] params, int rowBudget) {
        return lease -> {
            SqlShape shape = lease.shapeOf(sql);
            Guard guard = engine.guard();
            int budget = guard.budget(rowBudget);
            int rows = 0;
            long start = lease.statementStarted(shape.fingerprint());
            List<T> out = new ArrayList<>();
            try (PreparedStatement ps = lease.connection().prepareStatement(engine.sqlToSend(shape, sql))) {
                engine.statementCreated(ps);
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (++rows > budget) {
                            guard.overBudget(lease, shape, sql, rows, budget);
                        }
                        out.add(mapper.map(rs));
                    }
                }
            } finally {
                lease.statementEnded();
            }
            checked(engine, lease, shape, sql, params, start, rows, budget);
            return out;
        };
    }

    public static <T> Engine.Work<Optional<T>> queryOne(Engine engine, String sql, RowMapper<T> mapper, Object[] params) {
        return lease -> {
            SqlShape shape = lease.shapeOf(sql);
            long start = lease.statementStarted(shape.fingerprint());
            T value = null;
            try (PreparedStatement ps = lease.connection().prepareStatement(engine.sqlToSend(shape, sql))) {
                engine.statementCreated(ps);
                bind(ps, params);
                ps.setMaxRows(2); // a second row is enough to know it is an error; never read more
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        value = mapper.map(rs);
                        if (rs.next()) {
                            throw new TooManyRowsException("queryOne expected at most one row but the query returned more;"
                                    + " add a unique condition or LIMIT 1, or use query(); sql: " + engine.text(sql), engine.text(sql));
                        }
                    }
                }
            } finally {
                lease.statementEnded();
            }
            checked(engine, lease, shape, sql, params, start, 0, Integer.MAX_VALUE);
            return Optional.ofNullable(value);
        };
    }

    public static Engine.Work<Integer> update(Engine engine, String sql, Object[] params) {
        return lease -> {
            SqlShape shape = lease.shapeOf(sql);
            long start = lease.statementStarted(shape.fingerprint());
            int changed;
            try (PreparedStatement ps = lease.connection().prepareStatement(engine.sqlToSend(shape, sql))) {
                engine.statementCreated(ps);
                bind(ps, params);
                changed = ps.executeUpdate();
            } finally {
                lease.statementEnded();
            }
            checked(engine, lease, shape, sql, params, start, 0, Integer.MAX_VALUE);
            return changed;
        };
    }

    /** A statement succeeded: the guard's checks (time, rows, repetition in the unit of work). */
    private static void checked(Engine engine, Lease lease, SqlShape shape, String sql, Object[] params, long start, int rows,
                                int budget) {
        Guard guard = engine.guard();
        if (guard.enabled()) {
            guard.timed(lease, shape, sql, lease.lastActivityNanos() - start);
            guard.rowsRead(lease, shape, sql, rows, budget);
            guard.executed(lease, shape, sql, params);
        }
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
