package dev.poolguard;

/** A statement failed on the server or in the driver: bad SQL, a constraint, a data error, a cancelled query. */
public class QueryFailedException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public QueryFailedException(String message, Throwable cause, String sql, int attempts) {
        super(message, cause, sql, attempts);
    }

    public QueryFailedException(String message, Throwable cause, String sql, int attempts, dev.poolguard.classify.Classification classification) {
        super(message, cause, sql, attempts, classification);
    }
}
