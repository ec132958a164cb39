package dev.poolguard.bench.chaos;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What an operator was told during the exhaustion scenario, from any source (an exception a caller got, a Poolguard
 * event, a HikariCP log line): the first signal, and the first that names the holding code path.
 */
final class Diagnoses {

    /** One signal, at a time since the scenario's timeline began. */
    record Signal(long atMillis, String text) {
    }

    private final Timeline timeline;
    private final long sinceMillis;
    private final AtomicReference<Signal> first = new AtomicReference<>();
    private final AtomicReference<Signal> namingHolder = new AtomicReference<>();

    /** Counts signals from {@code sinceMillis} on the timeline (when the offending code started). */
    Diagnoses(Timeline timeline, long sinceMillis) {
        this.timeline = timeline;
        this.sinceMillis = sinceMillis;
    }

    void saw(String text) {
        Signal s = new Signal(timeline.millisNow() - sinceMillis, text == null ? "" : text);
        first.compareAndSet(null, s);
        if (s.text().contains(SlowReport.NAME)) {
            namingHolder.compareAndSet(null, s);
        }
    }

    Signal first() {
        return first.get();
    }

    Signal namingHolder() {
        return namingHolder.get();
    }
}
