package dev.poolguard.bench.chaos;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every call of one chaos run: successes and failures per 100 ms bucket for the whole run (the recovery plots and the
 * recovery time), and, inside the measured window only (from the disruption on; the steady load before it is the
 * baseline), counts and the latency of every call, good or bad, as the caller saw it (HdrHistogram, microseconds). Also
 * the scenario's marks and the first failure. Thread-safe: all workers record into one.
 */
public final class Timeline {

    public static final int BUCKET_MILLIS = 100;

    private final long startNanos = System.nanoTime();
    private final AtomicLongArray ok;
    private final AtomicLongArray failed;
    private final Histogram latencyMicros = new ConcurrentHistogram(3);
    private final List<Mark> marks = new CopyOnWriteArrayList<>();
    private final AtomicReference<Failure> firstFailure = new AtomicReference<>();
    private final LongAdder okMeasured = new LongAdder();
    private final LongAdder failedMeasured = new LongAdder();
    private volatile boolean measuring;
    private volatile long measureFromNanos;
    private volatile long measureUntilNanos;
    private volatile long endNanos;

    /** Something the scenario did, at a time since the start. */
    public record Mark(long atMillis, String what) {
    }

    /** A failed call: when, and what the caller was told. */
    public record Failure(long atMillis, String message) {
    }

    /** A timeline with room for {@code expected} (later calls land in the last bucket). */
    public Timeline(Duration expected) {
        int buckets = (int) (expected.toMillis() / BUCKET_MILLIS) + 1;
        ok = new AtomicLongArray(buckets);
        failed = new AtomicLongArray(buckets);
        latencyMicros.setAutoResize(true);
    }

    /** Now, for a call about to start. */
    public long now() {
        return System.nanoTime();
    }

    public void succeeded(long callStartNanos) {
        long end = System.nanoTime();
        ok.incrementAndGet(bucket(end));
        if (measuring) {
            okMeasured.increment();
            latencyMicros.recordValue(Math.max(1, (end - callStartNanos) / 1000));
        }
    }

    public void failed(long callStartNanos, Throwable error) {
        long end = System.nanoTime();
        failed.incrementAndGet(bucket(end));
        if (measuring) {
            failedMeasured.increment();
            latencyMicros.recordValue(Math.max(1, (end - callStartNanos) / 1000));
        }
        firstFailure.compareAndSet(null, new Failure(millisAt(end), String.valueOf(error.getMessage())));
    }

    /** Calls ending from now on count in the totals and latencies. */
    public void startMeasuring() {
        measureFromNanos = System.nanoTime();
        measuring = true;
    }

    /** Calls ending from now on no longer count. */
    public void stopMeasuring() {
        measuring = false;
        measureUntilNanos = System.nanoTime();
    }

    /** Length of the measured window. */
    public long measuredMillis() {
        long until = measureUntilNanos != 0 ? measureUntilNanos : System.nanoTime();
        return measureFromNanos == 0 ? 0 : (until - measureFromNanos) / 1_000_000;
    }

    /** Records that the scenario did something now; returns the time since the start in milliseconds. */
    public long mark(String what) {
        long at = millisAt(System.nanoTime());
        marks.add(new Mark(at, what));
        return at;
    }

    /** Milliseconds since the start. */
    public long millisNow() {
        return millisAt(System.nanoTime());
    }

    /** Ends the run: buckets after this are not part of it. */
    public void end() {
        endNanos = System.nanoTime();
    }

    public long durationMillis() {
        return millisAt(endNanos == 0 ? System.nanoTime() : endNanos);
    }

    /** Buckets up to the end. */
    public int buckets() {
        return (int) Math.min(ok.length(), durationMillis() / BUCKET_MILLIS + 1);
    }

    public long okIn(int bucket) {
        return ok.get(bucket);
    }

    public long failedIn(int bucket) {
        return failed.get(bucket);
    }

    /** Successful calls in the measured window. */
    public long okMeasured() {
        return okMeasured.sum();
    }

    /** Failed calls in the measured window. */
    public long failedMeasured() {
        return failedMeasured.sum();
    }

    /** Latency in the measured window at a percentile (0..100), in milliseconds. */
    public double latencyMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public List<Mark> marks() {
        return List.copyOf(marks);
    }

    public Failure firstFailure() {
        return firstFailure.get();
    }

    private long millisAt(long nanos) {
        return (nanos - startNanos) / 1_000_000;
    }

    private int bucket(long nanos) {
        return (int) Math.min(ok.length() - 1, Math.max(0, millisAt(nanos) / BUCKET_MILLIS));
    }
}
