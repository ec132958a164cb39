package dev.poolguard.internal;

import java.sql.SQLException;

/**
 * COMMIT failed. Carries what the engine needs to learn the outcome: the transaction id (null when it wrote
 * nothing) and the callback's result, returned if the transaction turns out to have committed.
 */
final class CommitFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Object result;
    final Long xid;

    CommitFailure(SQLException cause, Object result, Long xid) {
        super("COMMIT failed: " + Redaction.message(cause), cause, false, false);
        this.result = result;
        this.xid = xid;
    }

    SQLException sqlCause() {
        return (SQLException) getCause();
    }
}
