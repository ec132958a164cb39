package dev.poolguard;

/**
 * No pool connection became free within the connection timeout. The message carries the elapsed time, the pool
 * status and who holds the connections.
 */
public class ConnectionUnavailableException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public ConnectionUnavailableException(String message, Throwable cause, String sql, int attempts) {
        super(message, cause, sql, attempts);
    }

    public ConnectionUnavailableException(String message, Throwable cause, String sql, int attempts, dev.poolguard.classify.Classification classification) {
        super(message, cause, sql, attempts, classification);
    }
}
