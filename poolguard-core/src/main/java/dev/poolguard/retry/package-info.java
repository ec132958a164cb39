/**
 * Retry as values: a {@link dev.poolguard.retry.Backoff} function from retry number to delay, a
 * {@link dev.poolguard.retry.RetryBudget} that caps retries to a fraction of calls, and the
 * {@link dev.poolguard.retry.RetryPolicy} that holds them. The loop that applies a policy lives on the call path.
 */
package dev.poolguard.retry;
