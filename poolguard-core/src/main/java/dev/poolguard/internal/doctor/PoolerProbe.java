package dev.poolguard.internal.doctor;

import dev.poolguard.doctor.DoctorReport.Mode;
import dev.poolguard.doctor.DoctorReport.Pooler;
import dev.poolguard.internal.Redaction;
import dev.poolguard.internal.RouteProbe;
import dev.poolguard.pooler.Provider;
import dev.poolguard.pooler.Route;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells the route as Poolguard's own pool does ({@link RouteProbe}: the cancel key against {@code pg_backend_pid()},
 * then two clients' backends), next to what the URL says (Supavisor's ports, Neon's {@code -pooler} hosts, RDS Proxy):
 * the URL names the pooler, the probe is what this connection actually gets, and a disagreement is shown. In
 * transaction mode it then checks what that mode needs from pgjdbc: whether a statement prepared on one server
 * connection still works, inside a transaction, when the pooler hands the client another (PgBouncer 1.21+ with
 * {@code max_prepared_statements} prepares it again; older poolers fail with 26000).
 */
final class PoolerProbe {

    /** What was found; {@code preparedStatements} is null when not checked, else whether they survived a switch. */
    record Result(Pooler pooler, Boolean preparedStatements, String preparedEvidence) {
    }

    /** A prepared statement missing on this server connection (26000), or one of that name left by another client (42P05). */
    private static final java.util.Set<String> LOST_OR_CLASHING = java.util.Set.of("26000", "42P05");

    private PoolerProbe() {
    }

    static Result detect(Connection first, RouteProbe.Opener opener, Target target, int timeoutSeconds) {
        List<String> evidence = new ArrayList<>();
        Route implied = target.impliedRoute();
        if (implied != null) {
            evidence.add((implied.source() == Route.Source.SETTING ? "the application's setting: " : "the URL: ")
                    + implied.evidence());
        }
        Route probed;
        try {
            probed = RouteProbe.detect(first, opener, target.provider());
            evidence.add("the probe: " + probed.evidence());
        } catch (SQLException | RuntimeException e) {
            probed = null;
            evidence.add("the probe failed: " + (e instanceof SQLException ? Redaction.message(e) : e.toString()));
        }
        Route route = probed != null && probed.kind() != Route.Kind.UNKNOWN ? probed : implied;
        if (route == null || route.kind() == Route.Kind.DIRECT && implied == null) {
            return new Result(new Pooler(null, Mode.DIRECT, evidence), null, null);
        }
        if (implied != null && probed != null && implied.kind() != probed.kind()) {
            evidence.add("the URL says " + mode(implied).name().toLowerCase(Locale.ROOT) + ", the probe found "
                    + mode(probed).name().toLowerCase(Locale.ROOT) + ": the probe is what this connection gets");
        }
        Mode mode = mode(route);
        String name = name(implied != null ? implied : route, mode);
        if (mode != Mode.TRANSACTION) {
            return new Result(new Pooler(name, mode, evidence), null, null);
        }
        String[] said = new String[1];
        Boolean prepared;
        try (Connection second = opener.open()) {
            prepared = preparedStatementsSurvive(first, second, timeoutSeconds, said);
        } catch (SQLException e) {
            said[0] = "not checked: " + Redaction.message(e);
            prepared = null;
        }
        return new Result(new Pooler(name, mode, evidence), prepared, said[0]);
    }

    private static Mode mode(Route r) {
        switch (r.kind()) {
            case DIRECT: return Mode.DIRECT;
            case SESSION_POOLER: return Mode.SESSION;
            case TRANSACTION_POOLER: return Mode.TRANSACTION;
            default: return Mode.UNKNOWN;
        }
    }

    private static String name(Route r, Mode mode) {
        if (mode == Mode.DIRECT) {
            return null;
        }
        String pooler = r.pooler().isEmpty() ? "a pooler (PgBouncer or compatible)" : r.pooler();
        return r.provider() == Provider.OTHER ? pooler : pooler + " (" + r.provider().label() + ")";
    }

    /**
     * Prepares a statement on the second client's server connection, makes the first client hold that server
     * connection in a transaction, and runs the statement again on the second: the pooler must lend it another server
     * connection, where the statement was never prepared.
     */
    private static Boolean preparedStatementsSurvive(Connection first, Connection second, int timeoutSeconds, String[] said) {
        boolean firstAutoCommit = true;
        try (PreparedStatement ps = second.prepareStatement("select pg_backend_pid()")) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1); // server-prepared from the first run
            ps.setQueryTimeout(timeoutSeconds);
            int preparedOn = pid(ps);
            first.setAutoCommit(false);
            firstAutoCommit = false;
            int held = backendPid(first);
            if (held != preparedOn) {
                said[0] = "not checked: the pooler did not lend the released server connection to the next client";
                return null;
            }
            // inside a transaction: in autocommit pgjdbc heals a 26000 by preparing again and retrying, which a
            // transaction's statement cannot do (the transaction is aborted), so that is where users meet it
            second.setAutoCommit(false);
            try {
                int ranOn = pid(ps);
                if (ranOn == preparedOn) {
                    said[0] = "not checked: the statement ran again on the server connection it was prepared on";
                    return null;
                }
                said[0] = "a statement prepared on server process " + preparedOn + " ran on process " + ranOn
                        + ": the pooler prepares it again where needed";
                return true;
            } catch (SQLException e) {
                if (!LOST_OR_CLASHING.contains(e.getSQLState())) {
                    said[0] = "not checked: " + Redaction.message(e);
                    return null;
                }
                said[0] = "a statement prepared on server process " + preparedOn + " failed on the next server"
                        + " connection (" + Redaction.message(e) + ", SQLSTATE " + e.getSQLState() + ")";
                return false;
            }
        } catch (SQLException e) {
            if (LOST_OR_CLASHING.contains(e.getSQLState())) {
                // another client's statement of the same name is still prepared on the server connection we got
                said[0] = "preparing a statement failed on a server connection another client had used ("
                        + Redaction.message(e) + ", SQLSTATE " + e.getSQLState() + ")";
                return false;
            }
            said[0] = "not checked: " + Redaction.message(e);
            return null;
        } catch (RuntimeException e) {
            said[0] = "not checked: " + e;
            return null;
        } finally {
            try {
                if (!second.getAutoCommit()) {
                    second.rollback();
                    second.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // the second connection is closed right after
            }
            if (!firstAutoCommit) {
                try {
                    first.rollback();
                    first.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the diagnosis that follows fails on this connection and says so
                }
            }
        }
    }

    private static int pid(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
