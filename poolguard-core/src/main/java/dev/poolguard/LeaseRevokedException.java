package dev.poolguard;

/**
 * The connection behind a lease was taken back by reclaim ({@code reclaimAfter}): it was held too long, so its
 * physical connection was aborted and the pool capacity returned. The message says when and why.
 */
public class LeaseRevokedException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public LeaseRevokedException(String message) {
        super(message, null);
    }

    public LeaseRevokedException(String message, Throwable cause) {
        super(message, cause);
    }
}
