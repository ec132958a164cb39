package dev.poolguard.doctor;

import dev.poolguard.PoolguardException;

/**
 * The doctor could not connect. {@link #problem()} says which part of the URL (or the server) is at fault; the
 * message says it in one line, with the host, port, user and database, never the password.
 */
public final class DoctorConnectionException extends PoolguardException {

    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Problem {
        /** The host is unknown, refuses connections on that port, or does not answer. */
        HOST,
        /** The server (or pooler) rejected the user or password, or allows no connection for them. */
        CREDENTIALS,
        /** The server accepted the credentials but has no database of that name. */
        DATABASE,
        /** The server answered but cannot take a connection now (too many clients, starting up, shutting down). */
        SERVER,
        /** Anything else (TLS, protocol); the message carries the driver's reason. */
        OTHER
    }

    private final Problem problem;

    public DoctorConnectionException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
