/**
 * What Poolguard reports as it happens: {@link dev.poolguard.event.DiagnosticEvent} (type, severity, message,
 * classification, call site, workload, context; never bound values), delivered off the caller's thread to each
 * {@link dev.poolguard.event.EventReporter} ({@link dev.poolguard.event.LoggingReporter} by default), and
 * {@link dev.poolguard.event.PoolListener}, told of every borrow, wait and release as it happens (for metrics); and
 * {@link dev.poolguard.event.DatabaseStats}, the counts since start (events by type, retries, stale connections
 * replaced, connects, tasks), each documented in docs/observability.md. An event carries the pool's
 * {@link dev.poolguard.status.PoolStatus} of its moment, so this package builds on {@code status}, never the reverse.
 */
package dev.poolguard.event;
