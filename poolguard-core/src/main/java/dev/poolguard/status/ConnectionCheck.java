package dev.poolguard.status;

import java.time.Duration;

/**
 * The result of {@link Database#testConnection()}: one round trip on a probe connection of its own, bounded by a
 * timeout. Never thrown, always returned.
 *
 * @param ok            whether the server answered
 * @param roundTrip     time of the query round trip ({@link Duration#ZERO} when it failed)
 * @param connectTime   time to open the probe connection
 * @param serverVersion the server's {@code server_version}, or {@code null} when it failed
 * @param error         what went wrong, or {@code null} when ok
 */
public record ConnectionCheck(boolean ok, Duration roundTrip, Duration connectTime, String serverVersion, String error) {

    @Override
    public String toString() {
        return ok
                ? "ok server=" + serverVersion + " roundTrip=" + roundTrip.toMillis() + "ms connect=" + connectTime.toMillis() + "ms"
                : "failed: " + error;
    }
}
