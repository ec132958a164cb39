/**
 * The query guard: SQL fingerprints, rows read per statement against a budget (fetch-all-then-filter), N+1 per unit
 * of work and slow statements.
 */
package dev.poolguard.guard;
