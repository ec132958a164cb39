package dev.poolguard.internal;

import dev.poolguard.pooler.Provider;
import dev.poolguard.pooler.Route;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Finds out on a new connection whether a pooler answers for PostgreSQL, and in which mode, from the server's own
 * answers: no setting, no admin access to the pooler.
 *
 * <p>A pooler answers the client's startup itself, so the process id the driver received (the cancel key) is the
 * pooler's invention, not {@code pg_backend_pid()} of the server backend running the statements: equal ids mean a
 * direct connection. Behind a pooler, the mode shows in how server connections are shared. In session mode a server
 * connection belongs to one client until it disconnects: a client's statements always run on the same backend, and no
 * other client gets it meanwhile. In transaction mode both happen: a second client is handed the backend the first
 * one just released (PgBouncer reuses the most recently released one), and a client's backend changes when another
 * client holds it. Either sight proves transaction pooling; a few rounds without either is read as session mode.
 */
public final class RouteProbe {

    static final int ROUNDS = 3;

    /** Opens a second client connection to the same place, with the same properties. */
    public interface Opener {
        Connection open() throws SQLException;
    }

    private RouteProbe() {
    }

    public static Route detect(Connection first, Opener second, Provider provider) throws SQLException {
        PGConnection pg = first.unwrap(PGConnection.class);
        int previousThreshold = pg.getPrepareThreshold();
        // The probe repeats one statement; never let the driver prepare it server-side, which behind a transaction
        // pooler is the very failure being avoided.
        pg.setPrepareThreshold(0);
        try {
            int driverPid = pg.getBackendPID();
            int serverPid = serverPid(first);
            if (driverPid == serverPid) {
                return new Route(Route.Kind.DIRECT, provider, null, Route.Source.DETECTED,
                        "the driver and the server agree on backend pid " + serverPid);
            }
            String behind = "the driver's backend pid " + driverPid + " is not the server's " + serverPid + " (a pooler answers)";
            try (Connection other = second.open()) {
                other.unwrap(PGConnection.class).setPrepareThreshold(0);
                int last = serverPid;
                for (int round = 1; round <= ROUNDS; round++) {
                    int theirs = serverPid(other);
                    if (theirs == last) {
                        return transaction(provider, behind + "; a second client ran on the backend (" + theirs
                                + ") the first had just used");
                    }
                    int mine = serverPid(first);
                    if (mine != last) {
                        return transaction(provider, behind + "; one client's statements ran on backends " + last + " and "
                                + mine);
                    }
                    last = mine;
                }
            } catch (SQLException e) {
                // The pooler is there but a second client could not be opened (a client cap of one?): assume the
                // stricter mode, which is correct in both.
                return transaction(provider, behind + "; the mode probe failed (" + Failures.describe(e)
                        + "), so transaction mode is assumed");
            }
            return new Route(Route.Kind.SESSION_POOLER, provider, null, Route.Source.DETECTED, behind + "; in " + ROUNDS
                    + " rounds no backend was shared between two clients or switched under one (session mode)");
        } finally {
            pg.setPrepareThreshold(previousThreshold);
        }
    }

    private static Route transaction(Provider provider, String evidence) {
        return new Route(Route.Kind.TRANSACTION_POOLER, provider, null, Route.Source.DETECTED, evidence);
    }

    private static int serverPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
