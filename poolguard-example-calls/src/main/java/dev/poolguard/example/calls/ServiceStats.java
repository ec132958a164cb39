package dev.poolguard.example.calls;

import dev.poolguard.status.PoolStatus;
import dev.poolguard.example.calls.streams.StreamStats;
import dev.poolguard.example.calls.support.PoolWaits;

import java.util.Map;

/**
 * What {@code GET /stats} returns: calls by status across the database, and this instance's own counters since it
 * started (webhooks, dials, Media Streams, scheduled starts, emails sent, background tasks) with its pool and how long
 * callers waited for its connections.
 */
public record ServiceStats(String instance, Map<String, Long> calls, Webhooks webhooks, Queue queue, StreamStats streams,
                           long campaignsStarted, long emailsSent, PoolStatus pool, PoolWaits.Snapshot poolWaits, Tasks tasks) {

    public ServiceStats {
        calls = Map.copyOf(calls);
    }

    /** Callbacks accepted (signature valid), of which duplicates and out of order; rejected = bad signature. */
    public record Webhooks(long accepted, long duplicates, long outOfOrder, long rejected) {
    }

    /**
     * Calls dialed, dials that surely failed (not placed), dials whose outcome was unknown (the call kept its slots),
     * dials put back in the queue (rate limited), claims lost to another claimer, stuck dials failed.
     */
    public record Queue(long dialed, long dialFailures, long dialsUnknown, long requeued, long raced, long stuckDialsFailed) {
    }

    public record Tasks(int queued, int running, long failed) {
    }
}
