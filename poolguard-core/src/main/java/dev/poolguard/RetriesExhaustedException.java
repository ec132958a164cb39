package dev.poolguard;

import dev.poolguard.classify.Classification;

/**
 * A retryable failure kept happening until the attempts ran out or the retry budget was spent. Carries the
 * classification of the last failure, the attempts made and the last failure as its cause.
 */
public class RetriesExhaustedException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public RetriesExhaustedException(String message, Throwable cause, String sql, int attempts, Classification classification) {
        super(message, cause, sql, attempts, classification);
    }
}
