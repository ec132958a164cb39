package dev.poolguard.internal;

/**
 * What a {@code Database} view adds to its calls: the workload they count against and whether the caller declared
 * the work idempotent (safe to run twice), which allows retrying writes whose outcome is unknown.
 */
public record CallOptions(String workload, boolean idempotent) {

    public static final CallOptions DEFAULT = new CallOptions("default", false);

    public CallOptions withWorkload(String workload) {
        return new CallOptions(workload, idempotent);
    }

    public CallOptions asIdempotent() {
        return new CallOptions(workload, true);
    }
}
