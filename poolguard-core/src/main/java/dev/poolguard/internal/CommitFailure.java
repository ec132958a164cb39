package dev.poolguard.internal;

import java.sql.SQLException;

/**
 * COMMIT failed. Carries what the engine needs to learn the outcome: the transaction id, whether a missing id proves
 * the transaction wrote nothing, and the callback's result, returned if the transaction turns out to have committed.
 */
final class CommitFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Object result;
    /** The server's id for the transaction, read before COMMIT; null when none was assigned or none was read. */
    final Long xid;
    /**
     * True when a null {@link #xid} proves the transaction wrote nothing: no statement ran, or the server was asked
     * and had assigned no id. False when it was never asked ({@code verifyCommits(false)}): then nothing is known.
     */
    final boolean idRead;

    CommitFailure(SQLException cause, Object result, Long xid, boolean idRead) {
        super("COMMIT failed: " + Redaction.message(cause), cause, false, false);
        this.result = result;
        this.xid = xid;
        this.idRead = idRead;
    }

    SQLException sqlCause() {
        return (SQLException) getCause();
    }
}
