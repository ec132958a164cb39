package dev.poolguard;

/**
 * A connection, statement or result set handed to a callback was used after the callback returned, when the
 * connection already went back to the pool. The message says where it was borrowed.
 */
public class ConnectionReleasedException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public ConnectionReleasedException(String message) {
        super(message, null);
    }
}
