package dev.poolguard;

import dev.poolguard.classify.Classification;

/**
 * The session died under a call (backend terminated, socket lost, pooler dropped the client) and the call was not
 * retried, because rerunning it could apply it twice. The message says why and how to allow retries.
 */
public class ConnectionLostException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message, Throwable cause, String sql, int attempts, Classification classification) {
        super(message, cause, sql, attempts, classification);
    }
}
