package dev.poolguard.status;

/**
 * One workload's use of the pool right now.
 *
 * @param workload the name ({@code default} for unnamed use)
 * @param limit    its connection budget, 0 when unlimited
 * @param inUse    connections it holds now
 * @param waiting  callers waiting for its budget
 */
public record WorkloadStatus(String workload, int limit, int inUse, int waiting) {
}
