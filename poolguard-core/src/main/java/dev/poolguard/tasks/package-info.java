/**
 * Background work with an error boundary: the incidents' fire-and-forget campaign summary, done right. Tasks run on a
 * bounded executor in the {@code background} workload; a failure is reported with its context, a full queue is a
 * clear rejection, and closing the database drains them.
 */
package dev.poolguard.tasks;
