package dev.poolguard.internal;

import dev.poolguard.ConnectionReleasedException;
import dev.poolguard.lease.Lease;

/**
 * Guards handles given to callbacks (a raw connection, a transaction): once the callback returns, any use throws
 * {@link ConnectionReleasedException} saying where the handle was borrowed.
 */
final class Fence {

    private final String what;
    private final String borrowedAt;
    private final Lease lease;
    private volatile boolean open = true;

    Fence(String what, String borrowedAt, Lease lease) {
        this.what = what;
        this.borrowedAt = borrowedAt;
        this.lease = lease;
    }

    String borrowedAt() {
        return borrowedAt;
    }

    Lease lease() {
        return lease;
    }

    void check() {
        if (!open) {
            throw new ConnectionReleasedException(what + " used after its callback returned; the connection is back in the pool."
                    + " It was borrowed at " + borrowedAt + "; do all work inside the callback and keep no reference to it");
        }
        if (lease.isRevoked()) {
            throw new dev.poolguard.LeaseRevokedException(what + " used after its lease was revoked: " + lease.revocation()
                    + "; it was borrowed at " + borrowedAt);
        }
    }

    boolean isOpen() {
        return open;
    }

    void close() {
        open = false;
    }
}
