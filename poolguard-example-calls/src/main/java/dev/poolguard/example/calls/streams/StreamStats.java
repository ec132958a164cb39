package dev.poolguard.example.calls.streams;

/**
 * This instance's Media Streams since it started ({@code /stats} → {@code streams}): sockets {@code connected},
 * {@code active} now, streams {@code started} (a live call found and recorded), {@code completed} (ended by
 * {@code stop}), of which {@code conversations} (the agent answered at least once), {@code refused} starts (unknown,
 * undialed, finished or already streamed call: nothing stored), bad input by kind, failures by kind, audio frames in
 * and out and turns written (counted when a stream ends), the {@code transactions} streams ran (a start, a batch of
 * turns, an end: never one per frame), and how long a {@code start}'s database work took (mean and max over every
 * start, refused and failed ones included, in microseconds: the incidents' moment).
 */
public record StreamStats(long connected, long active, long started, long completed, long conversations, long refused,
                          BadInput badInput, Failures failures, long framesIn, long framesOut, long turns, long transactions,
                          long startMeanMicros, long startMaxMicros) {

    /**
     * Input the protocol does not allow, each answered by closing the socket with a reason (unknown events excepted:
     * ignored). {@code silent}: sockets closed by the idle timeout; {@code badSignature}: upgrades refused with 403.
     */
    public record BadInput(long malformed, long unknownEvents, long binary, long beforeStart, long secondStart, long oversize,
                           long silent, long badSignature) {
        public long total() {
            return malformed + unknownEvents + binary + beforeStart + secondStart + oversize + silent + badSignature;
        }
    }

    /**
     * Streams that did not end as they should: {@code closedWithoutStop} (a started stream whose socket closed or was
     * closed before {@code stop}), {@code startFailures} (the database could not record a start), {@code storeFailures}
     * (a batch of turns or a stream's end could not be written), {@code sendFailures} (an answer frame not sent).
     */
    public record Failures(long closedWithoutStop, long startFailures, long storeFailures, long sendFailures) {
        public long total() {
            return closedWithoutStop + startFailures + storeFailures + sendFailures;
        }
    }
}
