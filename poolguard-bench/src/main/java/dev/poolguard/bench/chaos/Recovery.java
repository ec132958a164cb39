package dev.poolguard.bench.chaos;

/**
 * Recovery time read off a {@link Timeline}: from a disruption to the start of the first 300 ms (three buckets) with no
 * failures and at least half the baseline throughput, counted from the first bucket the disruption impaired. No impaired
 * bucket means it was absorbed (0 ms). Resolution: one 100 ms bucket.
 */
final class Recovery {

    static final int HEALTHY_RUN = 3;

    private Recovery() {
    }

    /** Mean successful calls per bucket in {@code [fromMillis, toMillis)}. */
    static double baseline(Timeline t, long fromMillis, long toMillis) {
        int from = (int) (fromMillis / Timeline.BUCKET_MILLIS);
        int to = (int) Math.max(from + 1, toMillis / Timeline.BUCKET_MILLIS);
        long sum = 0;
        for (int b = from; b < to; b++) {
            sum += t.okIn(b);
        }
        return (double) sum / (to - from);
    }

    /**
     * Milliseconds from {@code disruptionMillis} until the timeline is healthy again, looking no further than
     * {@code untilMillis}; -1 if it never is in that window.
     */
    static long after(Timeline t, double baseline, long disruptionMillis, long untilMillis) {
        int first = (int) (disruptionMillis / Timeline.BUCKET_MILLIS);
        int last = (int) Math.min(t.buckets(), untilMillis / Timeline.BUCKET_MILLIS);
        int impaired = -1;
        for (int b = first; b < last; b++) {
            if (!healthy(t, b, baseline)) {
                impaired = b;
                break;
            }
        }
        if (impaired < 0) {
            return 0;
        }
        for (int b = impaired + 1; b + HEALTHY_RUN <= last; b++) {
            boolean run = true;
            for (int k = 0; k < HEALTHY_RUN && run; k++) {
                run = healthy(t, b + k, baseline);
            }
            if (run) {
                return Math.max(0, (long) b * Timeline.BUCKET_MILLIS - disruptionMillis);
            }
        }
        return -1;
    }

    private static boolean healthy(Timeline t, int bucket, double baseline) {
        return t.failedIn(bucket) == 0 && t.okIn(bucket) >= baseline / 2;
    }
}
