package dev.poolguard.internal;

import java.sql.SQLException;

/**
 * COMMIT failed. Carries what the engine needs to learn the outcome: what was known when it failed (the transaction
 * id, or that COMMIT never ran, or nothing), and the callback's result, returned if the transaction turns out to have
 * committed.
 */
final class CommitFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the failed COMMIT left known. */
    enum Known {
        /** The id was read ({@link #xid}; null when the transaction wrote nothing, so nothing can be lost). */
        ID,
        /** The server answered with an error before it got to COMMIT: nothing was committed. */
        NOT_COMMITTED,
        /** The connection was lost before the server answered anything: the id read with COMMIT never arrived. */
        NOTHING,
        /** No id was read ({@code verifyCommits(false)}) though statements ran: nothing is known. */
        UNVERIFIED
    }

    final transient Object result;
    /** The server's id for the transaction; null when none was assigned or none was read. */
    final Long xid;
    final Known known;

    CommitFailure(SQLException cause, Object result, Long xid, Known known) {
        super("COMMIT failed: " + Redaction.message(cause), cause, false, false);
        this.result = result;
        this.xid = xid;
        this.known = known;
    }

    SQLException sqlCause() {
        return (SQLException) getCause();
    }

    /** Why the outcome could not be learned, for the caller's message; empty when it could have been. */
    String whyUnknown() {
        switch (known) {
            case UNVERIFIED:
                return "; verifyCommits is off, so no transaction id was read to ask the server with";
            case NOTHING:
                return "; the connection was lost before the server answered anything, so the transaction id read with"
                        + " COMMIT never arrived";
            default:
                return "";
        }
    }
}
