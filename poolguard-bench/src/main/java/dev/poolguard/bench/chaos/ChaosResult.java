package dev.poolguard.bench.chaos;

/**
 * One pool through one scenario: every call on its timeline, the recovery time (-1: not recovered in the window), and
 * what the scenario adds (notes; for exhaustion, the first diagnosis and the first one naming the holder).
 *
 * @param reference whether this is the Poolguard run (defaults) the others are compared with
 */
public record ChaosResult(Scenario scenario, String label, boolean reference, Timeline timeline, long recoveryMillis,
                          String notes, Long firstDiagnosisMillis, Long namesHolderMillis, String firstDiagnosis) {

    /** Successful calls in the measured window (the disruption and the recovery period after it). */
    public long ops() {
        return timeline.okMeasured();
    }

    public long failures() {
        return timeline.failedMeasured();
    }

    /** Successful calls per second in the measured window. */
    public double opsPerSecond() {
        return ops() * 1000.0 / Math.max(1, timeline.measuredMillis());
    }

    public double p50Millis() {
        return timeline.latencyMillis(50);
    }

    public double p99Millis() {
        return timeline.latencyMillis(99);
    }

    public double p999Millis() {
        return timeline.latencyMillis(99.9);
    }
}
