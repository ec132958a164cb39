package dev.poolguard;

import dev.poolguard.classify.Classification;

/**
 * The connection died during COMMIT and Poolguard could not learn whether the transaction committed (the server's
 * {@code txid_status} was unavailable or still in progress). The transaction was not retried because it is not
 * declared idempotent: check the data, or run the work through {@code db.idempotent()}.
 */
public class CommitOutcomeUnknownException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public CommitOutcomeUnknownException(String message, Throwable cause, int attempts, Classification classification) {
        super(message, cause, null, attempts, classification);
    }
}
