package dev.poolguard.internal;

import dev.poolguard.internal.lease.Lease;

import java.util.Map;

/** Per-thread state of one engine: the open transaction, and the task being run (its workload and context). */
final class ThreadState {
    /** The lease of the transaction open on this thread, which later calls on the thread join. */
    Lease transaction;
    /** While a background task runs on this thread: calls without a workload of their own count against this. */
    CallOptions taskOptions;
    /** While a background task runs: its context, added to the tags of every event it causes. */
    Map<String, String> taskContext;
    /** The unit of work open on this thread (N+1 detection), or null. */
    dev.poolguard.guard.UnitOfWork unitOfWork;
    /** The name given to leases this thread takes through the DataSource (a transaction's method), or null. */
    String borrowName;
    /** Calls of this engine in progress on this thread (nested calls from callbacks). */
    int depth;
}
