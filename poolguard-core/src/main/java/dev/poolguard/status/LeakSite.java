package dev.poolguard.status;

import java.time.Duration;

/**
 * Leak history of one call site since the database opened.
 *
 * @param callSite      where the leases were borrowed
 * @param leaks         leases held past the leak threshold
 * @param returnedLate  of those, how many came back on their own
 * @param revoked       of those, how many were taken back by reclaim
 * @param stillHeld     of those, how many are still held now
 * @param longestHeld   the longest hold seen at this site among leaks
 */
public record LeakSite(String callSite, long leaks, long returnedLate, long revoked, long stillHeld, Duration longestHeld) {

    /** Leaks that never came back by themselves: revoked, or still held. */
    public long neverReturned() {
        return revoked + stillHeld;
    }
}
