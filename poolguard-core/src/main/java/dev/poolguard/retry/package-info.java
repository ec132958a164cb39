/**
 * Retry as values: a {@link dev.poolguard.retry.Backoff} function from retry number to delay, a
 * retry budget (a fraction of calls plus a floor, with a burst capacity) that caps retries, and the
 * {@link dev.poolguard.retry.RetryPolicy} that holds them. The loop that applies a policy lives on the call path.
 */
package dev.poolguard.retry;
