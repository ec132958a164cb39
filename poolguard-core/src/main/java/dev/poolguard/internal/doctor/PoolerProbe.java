package dev.poolguard.internal.doctor;

import dev.poolguard.doctor.DoctorReport.Mode;
import dev.poolguard.doctor.DoctorReport.Pooler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells whether a pooler answers in front of the server, and in which mode, from signals a normal client connection
 * has (a pooler's own {@code SHOW} commands need its admin console):
 * <ol>
 *   <li><b>The cancel key.</b> At startup the server sends the client its process id (BackendKeyData), which pgjdbc
 *   keeps for cancel requests. A pooler answers the startup itself and hands out a key of its own, so a key that is
 *   not {@code pg_backend_pid()} means something sits in between. Free, and needs no second connection.</li>
 *   <li><b>Two clients, one after the other.</b> Only when a pooler was found: a second client connection runs
 *   {@code select pg_backend_pid()} alternately with the first. A transaction pooler lends the server connection the
 *   first client just released (PgBouncer reuses the most recent one), so both see the same server process; a
 *   session pooler never can, since each client keeps its own server connection while connected.</li>
 *   <li><b>The URL.</b> Supabase's Supavisor listens on {@code *.pooler.supabase.com} (6543 transaction, 5432
 *   session); Neon's PgBouncer (transaction mode) on hosts with {@code -pooler}; AWS RDS Proxy on
 *   {@code *.proxy-*.rds.amazonaws.com}. The URL names the provider; the probes decide the mode when they can.</li>
 * </ol>
 * In transaction mode it also checks what that mode needs from pgjdbc: whether a statement prepared on one server
 * connection is still usable on the next (PgBouncer 1.21+ with {@code max_prepared_statements} re-prepares it; older
 * poolers fail with 26000 unless {@code prepareThreshold=0}).
 */
final class PoolerProbe {

    /** Opens another client connection like the first. */
    interface Opener {
        Connection open() throws SQLException;
    }

    /** What was found; {@code preparedStatements} is null when not checked, else whether they survived a switch. */
    record Result(Pooler pooler, Boolean preparedStatements, String preparedEvidence) {
    }

    private static final int ALTERNATIONS = 4;

    private PoolerProbe() {
    }

    static Result detect(Connection first, Opener opener, Target target, int queryTimeoutSeconds) throws SQLException {
        List<String> evidence = new ArrayList<>();
        UrlHint hint = UrlHint.of(target);
        if (hint != null) {
            evidence.add(hint.evidence);
        }
        int serverPid = backendPid(first);
        Integer keyPid = keyPid(first);
        boolean keyDiffers = keyPid != null && keyPid != serverPid;
        if (keyPid != null) {
            evidence.add(keyDiffers
                    ? "the connection's cancel key names process " + keyPid + " but the server process is " + serverPid
                            + ": something between client and server answered the startup"
                    : "the connection's cancel key is the server process (" + serverPid + "): nothing answers in between");
        }
        if (!keyDiffers && hint == null) {
            return new Result(new Pooler(null, Mode.DIRECT, evidence), null, null);
        }
        String name = hint != null ? hint.name : "a pooler (PgBouncer or compatible)";
        if (!keyDiffers) {
            return new Result(new Pooler(name, hint.mode, evidence), null, null);
        }
        Mode mode;
        Boolean prepared = null;
        String preparedEvidence = null;
        try (Connection second = opener.open()) {
            mode = mode(first, second, evidence, queryTimeoutSeconds);
            if (hint != null && hint.mode != Mode.UNKNOWN && mode != hint.mode) {
                evidence.add("the URL suggests " + hint.mode.name().toLowerCase(Locale.ROOT) + " mode, the probe found "
                        + mode.name().toLowerCase(Locale.ROOT) + " mode: the probe is what this connection gets");
            }
            if (mode == Mode.TRANSACTION) {
                String[] said = new String[1];
                prepared = preparedStatementsSurvive(first, second, queryTimeoutSeconds, said);
                preparedEvidence = said[0];
            }
        } catch (SQLException e) {
            evidence.add("a second client connection for the mode probe failed (" + dev.poolguard.internal.Redaction.message(e) + ")");
            mode = hint != null ? hint.mode : Mode.UNKNOWN;
        }
        return new Result(new Pooler(name, mode, evidence), prepared, preparedEvidence);
    }

    private static Mode mode(Connection first, Connection second, List<String> evidence, int timeoutSeconds) {
        int a = -1;
        int b = -1;
        try {
            for (int i = 0; i < ALTERNATIONS; i++) {
                a = backendPid(first);
                b = backendPid(second, timeoutSeconds);
                if (a == b) {
                    evidence.add("two client connections ran one after the other on the same server process (" + a
                            + "): the pooler lends server connections per transaction");
                    return Mode.TRANSACTION;
                }
            }
        } catch (SQLException e) {
            evidence.add("a second client got no server connection within " + timeoutSeconds + " s while the first was"
                    + " connected (" + dev.poolguard.internal.Redaction.message(e) + "): each client holds a server connection");
            return Mode.SESSION;
        }
        evidence.add("two client connections kept separate server processes (" + a + ", " + b + ") over " + ALTERNATIONS
                + " alternations: each client holds its own server connection (session mode)");
        return Mode.SESSION;
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
            try {
                int ranOn = pid(ps);
                if (ranOn == preparedOn) {
                    said[0] = "not checked: the statement ran on the server connection it was prepared on";
                    return null;
                }
                said[0] = "a statement prepared on server process " + preparedOn + " ran on process " + ranOn
                        + ": the pooler prepares it again where needed";
                return true;
            } catch (SQLException e) {
                if ("26000".equals(e.getSQLState())) {
                    said[0] = "a statement prepared on server process " + preparedOn + " failed on the next server"
                            + " connection (" + dev.poolguard.internal.Redaction.message(e) + ", SQLSTATE 26000)";
                    return false;
                }
                said[0] = "not checked: " + dev.poolguard.internal.Redaction.message(e);
                return null;
            }
        } catch (SQLException | RuntimeException e) {
            said[0] = "not checked: " + e.getMessage();
            return null;
        } finally {
            if (!firstAutoCommit) {
                try {
                    first.rollback();
                    first.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the diagnosis that follows will fail on this connection and say so
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

    static int backendPid(Connection c) throws SQLException {
        return backendPid(c, 0);
    }

    private static int backendPid(Connection c, int timeoutSeconds) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The process id in the cancel key the startup handed out; {@code null} for drivers other than pgjdbc. */
    private static Integer keyPid(Connection c) {
        try {
            return c.isWrapperFor(org.postgresql.PGConnection.class) ? c.unwrap(org.postgresql.PGConnection.class).getBackendPID() : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** What a provider's host name says. */
    private record UrlHint(String name, Mode mode, String evidence) {

        static UrlHint of(Target t) {
            String host = t.host().toLowerCase(Locale.ROOT);
            if (host.endsWith(".pooler.supabase.com")) {
                Mode mode = t.port() == 6543 ? Mode.TRANSACTION : t.port() == 5432 ? Mode.SESSION : Mode.UNKNOWN;
                return new UrlHint("Supavisor (Supabase)", mode, "host " + host + " is Supabase's Supavisor;"
                        + " port " + t.port() + (mode == Mode.UNKNOWN ? " is neither 6543 (transaction) nor 5432 (session)"
                        : " is its " + mode.name().toLowerCase(Locale.ROOT) + " mode port"));
            }
            if (host.contains("-pooler.") && host.contains("neon")) {
                return new UrlHint("PgBouncer (Neon)", Mode.TRANSACTION, "host " + host
                        + " is Neon's pooled endpoint: PgBouncer in transaction mode");
            }
            if (host.contains(".proxy-") && host.endsWith(".rds.amazonaws.com")) {
                return new UrlHint("RDS Proxy", Mode.TRANSACTION, "host " + host
                        + " is an AWS RDS Proxy endpoint: it multiplexes at transaction boundaries unless a session is pinned");
            }
            return null;
        }
    }
}
