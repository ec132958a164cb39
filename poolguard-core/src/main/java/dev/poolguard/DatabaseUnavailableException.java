package dev.poolguard;

/**
 * The database could not be reached (refused, starting up, too many clients) until the call's deadline passed.
 * The message says since when connects fail and the last connect error.
 */
public class DatabaseUnavailableException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause, String sql, int attempts) {
        super(message, cause, sql, attempts);
    }

    public DatabaseUnavailableException(String message, Throwable cause, String sql, int attempts, dev.poolguard.classify.Classification classification) {
        super(message, cause, sql, attempts, classification);
    }
}
