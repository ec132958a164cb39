package dev.poolguard.internal;

/**
 * What a {@code Database} view adds to its calls: the workload they count against (and its gate, resolved once
 * when the view is made) and whether the caller declared the work idempotent (safe to run twice), which allows
 * retrying writes whose outcome is unknown.
 */
public final class CallOptions {

    static final String DEFAULT_WORKLOAD = "default";
    public static final CallOptions DEFAULT = new CallOptions(DEFAULT_WORKLOAD, false, WorkloadGate.UNLIMITED);

    private final String workload;
    private final boolean idempotent;
    final WorkloadGate gate;
    private final int rowBudget;

    CallOptions(String workload, boolean idempotent, WorkloadGate gate) {
        this(workload, idempotent, gate, 0);
    }

    private CallOptions(String workload, boolean idempotent, WorkloadGate gate, int rowBudget) {
        this.workload = workload;
        this.idempotent = idempotent;
        this.gate = gate;
        this.rowBudget = rowBudget;
    }

    /** The query guard's row budget for these calls, 0 for the guard's own. */
    public int rowBudget() {
        return rowBudget;
    }

    public CallOptions withRowBudget(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("row budget " + rows + " is below the minimum 1");
        }
        return new CallOptions(workload, idempotent, gate, rows);
    }

    public String workload() {
        return workload;
    }

    public boolean idempotent() {
        return idempotent;
    }

    /** These options counted against another workload (its name and gate), keeping idempotency and the row budget. */
    public CallOptions inWorkloadOf(CallOptions workload) {
        return new CallOptions(workload.workload, idempotent, workload.gate, rowBudget);
    }

    public CallOptions asIdempotent() {
        return new CallOptions(workload, true, gate, rowBudget);
    }

    boolean isDefaultWorkload() {
        return gate == WorkloadGate.UNLIMITED;
    }
}
