package dev.poolguard.example.calls.telephony;

import dev.poolguard.example.calls.streams.Audio;

import java.util.concurrent.TimeUnit;

/**
 * When the simulated provider sends each 20 ms audio frame of a stream. {@link #REAL_TIME} paces them as a phone call
 * does (frame {@code i} at {@code i × 20 ms}); {@link #UNPACED} sends each as soon as the previous one is on the wire,
 * so a test streams minutes of audio in milliseconds. The conversation is the same either way: the agent decides in
 * stream time, from the frames' timestamps.
 */
@FunctionalInterface
public interface Pacer {

    /** Nanoseconds to wait before frame {@code index}, {@code elapsedNanos} after the stream's first frame was due. */
    long delayNanos(long index, long elapsedNanos);

    Pacer REAL_TIME = (index, elapsed) -> Math.max(0, index * TimeUnit.MILLISECONDS.toNanos(Audio.FRAME_MILLIS) - elapsed);

    Pacer UNPACED = (index, elapsed) -> 0;
}
