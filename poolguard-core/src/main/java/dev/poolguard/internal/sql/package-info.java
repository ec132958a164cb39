/**
 * Not API. SQL as Poolguard reads it ({@code SqlShape}): the fingerprint events and the lease table show, whether a
 * statement is bounded, whether it leaves session state behind (refused behind a transaction pooler), and the SQL
 * with its call-site comment; cached per SQL string.
 */
package dev.poolguard.internal.sql;
