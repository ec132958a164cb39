package dev.poolguard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Plain JDBC with try-with-resources, the way the peers are used: what Poolguard's methods are compared with. */
public final class Jdbc {

    private Jdbc() {
    }

    /** Borrow, prepare, bind one int, read every row's first column as a long, close, release. */
    public static List<Long> query(DataSource ds, String sql, int param) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                List<Long> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
                return out;
            }
        }
    }

    /** A point select: the first column of the one row, or null. */
    public static Long queryOne(DataSource ds, String sql, int param) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return queryOne(c, sql, param);
        }
    }

    /** A point select on a connection the caller holds. */
    public static Long queryOne(Connection c, String sql, int param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** An update with one int parameter on a connection the caller holds. */
    public static int update(Connection c, String sql, int param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, param);
            return ps.executeUpdate();
        }
    }

    /** Work on one connection in a transaction: committed when it returns, rolled back when it throws. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in a transaction, as code on a raw pool writes it. */
    public static <T> T inTransaction(DataSource ds, Work<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }
}
