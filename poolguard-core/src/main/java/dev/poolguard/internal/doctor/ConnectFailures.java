package dev.poolguard.internal.doctor;

import dev.poolguard.doctor.DoctorConnectionException;
import dev.poolguard.doctor.DoctorConnectionException.Problem;
import dev.poolguard.internal.Redaction;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Turns a failed connect into one line that says whether the host, the credentials or the database was wrong. The
 * SQLSTATEs are the server's (28P01, 28000, 3D000, 53300, 57P03) and Supavisor's {@code Tenant or user not found};
 * the host cases are the driver's socket exceptions in the cause chain.
 */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static DoctorConnectionException explain(SQLException e, Target t) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = reason(e, t);
        String who = t.user() == null ? "the default user" : "user '" + t.user() + "'";
        Throwable socket = socketCause(e);
        if (socket instanceof UnknownHostException) {
            return failure(Problem.HOST, "host '" + t.host() + "' is unknown (DNS lookup failed): check the host in the URL", e);
        }
        if (socket instanceof ConnectException) {
            return failure(Problem.HOST, t.address() + " refused the connection: nothing accepts connections on port "
                    + t.port() + " there; check the host and port in the URL and that the server is running", e);
        }
        if (socket instanceof SocketTimeoutException || socket instanceof NoRouteToHostException) {
            return failure(Problem.HOST, t.address() + " did not answer (" + reason + "): check the host and port in the"
                    + " URL, and that a firewall or network rule lets this machine reach it", e);
        }
        if (state.equals("28P01") || state.equals("28000") || reason.contains("Tenant or user not found")) {
            return failure(Problem.CREDENTIALS, t.address() + " rejected the credentials of " + who + " (" + reason
                    + ", SQLSTATE " + state + "): check the user and password in the URL", e);
        }
        if (state.equals("3D000")) {
            return failure(Problem.DATABASE, t.address() + " accepted " + who + " but has no database '" + t.database()
                    + "' (" + reason + "): check the database name at the end of the URL", e);
        }
        if (state.equals("53300") || state.startsWith("57P") || state.equals("08004")) {
            return failure(Problem.SERVER, t.address() + " answered but takes no connection now (" + reason + ", SQLSTATE "
                    + state + "): the doctor needs one free connection slot", e);
        }
        if (state.startsWith("08")) {
            return failure(Problem.HOST, "could not connect to " + t.address() + " (" + reason + ", SQLSTATE " + state
                    + "): check the host and port in the URL", e);
        }
        return failure(Problem.OTHER, "could not connect to " + t.address() + " as " + who + ": " + reason
                + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"), e);
    }

    private static DoctorConnectionException failure(Problem problem, String message, SQLException cause) {
        return new DoctorConnectionException(problem, "poolguard doctor: cannot connect: " + message, cause);
    }

    /** The driver's message, masked, without the "FATAL: " prefix, never the password. */
    private static String reason(SQLException e, Target t) {
        String message = Redaction.message(e);
        if (t.password() != null && !t.password().isEmpty()) {
            message = message.replace(t.password(), "****");
        }
        return message.replaceFirst("^(FATAL|ERROR): ", "").strip();
    }

    private static Throwable socketCause(Throwable e) {
        Throwable c = e;
        for (int depth = 0; c != null && depth < 10; depth++, c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof ConnectException
                    || c instanceof SocketTimeoutException || c instanceof NoRouteToHostException) {
                return c;
            }
        }
        return null;
    }
}
