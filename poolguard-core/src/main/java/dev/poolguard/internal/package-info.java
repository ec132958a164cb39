/**
 * Poolguard's internals: URL and environment parsing, the physical connector, the one always-releasing call
 * primitive, fenced JDBC wrappers. <strong>Not API</strong>: anything here may change in any release.
 */
package dev.poolguard.internal;
