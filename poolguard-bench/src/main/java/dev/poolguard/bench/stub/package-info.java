/**
 * A no-op JDBC driver for measuring pools without a database (HikariCP-benchmark's method): {@link
 * dev.poolguard.bench.stub.StubDriver} and the connection, statement and result set it hands out. Not API.
 */
package dev.poolguard.bench.stub;
