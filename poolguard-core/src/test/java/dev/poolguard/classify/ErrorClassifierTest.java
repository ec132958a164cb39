package dev.poolguard.classify;

import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.QueryFailedException;
import dev.poolguard.event.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

import static dev.poolguard.event.Severity.DEBUG;
import static dev.poolguard.event.Severity.ERROR;
import static dev.poolguard.event.Severity.INFO;
import static dev.poolguard.event.Severity.WARNING;
import static dev.poolguard.classify.ErrorKind.*;
import static dev.poolguard.classify.RetryScope.CONNECT;
import static dev.poolguard.classify.RetryScope.NONE;
import static dev.poolguard.classify.RetryScope.STATEMENT;
import static dev.poolguard.classify.RetryScope.TRANSACTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every row of docs/failures.md's classification table, built in the exception shapes pgjdbc produces. */
class ErrorClassifierTest {

    private final ErrorClassifier classifier = ErrorClassifier.defaults();

    /** A server error as pgjdbc builds it from the wire message. */
    static PSQLException server(String severity, String state, String message) {
        return new PSQLException(new ServerErrorMessage("S" + severity + "\0V" + severity + "\0C" + state + "\0M" + message + "\0"));
    }

    /** pgjdbc's I/O failure: 08006 with the socket exception as cause. */
    static PSQLException ioError(Throwable cause) {
        return new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE, cause);
    }

    /** A FATAL from the server with the 08006 pgjdbc chains behind it. */
    static PSQLException fatalThenIo(String state, String message) {
        PSQLException fatal = server("FATAL", state, message);
        fatal.setNextException(ioError(new EOFException()));
        return fatal;
    }

    static Stream<Arguments> table() {
        return Stream.of(
                arguments("57P01 admin shutdown (Neon suspend) with chained 08006", fatalThenIo("57P01", "terminating connection due to administrator command"),
                        CONNECTION_LOST, true, TRANSACTION, INFO, "postgres", "57P01"),
                arguments("57P05 idle session timeout", server("FATAL", "57P05", "terminating connection due to idle-session timeout"),
                        CONNECTION_LOST, true, TRANSACTION, INFO, "postgres", "57P05"),
                arguments("57P02 crash shutdown", server("FATAL", "57P02", "terminating connection because of crash of another server process"),
                        CONNECTION_LOST, false, TRANSACTION, ERROR, "postgres", "57P02"),
                arguments("57P03 starting up", server("FATAL", "57P03", "the database system is starting up"),
                        SERVER_STARTING, true, CONNECT, WARNING, "postgres", "57P03"),
                arguments("08001 connect failed", new PSQLException("Connection to 127.0.0.1:5432 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                        new java.net.ConnectException("Connection refused")), CONNECT_FAILED, true, CONNECT, WARNING, "pgjdbc", "08001"),
                arguments("08006 socket lost alone (Supavisor db_termination)", ioError(new EOFException()),
                        CONNECTION_LOST, false, TRANSACTION, WARNING, "pgjdbc", "08006"),
                arguments("08006 wrapping a chained 57P01 is expected", chainedIoWithFatal(),
                        CONNECTION_LOST, true, TRANSACTION, INFO, "postgres", "57P01"),
                arguments("08003 connection has been closed", new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST),
                        CONNECTION_LOST, false, STATEMENT, WARNING, "pgjdbc", "08003"),
                arguments("08P01 query_wait_timeout (PgBouncer, Neon pooler)", server("FATAL", "08P01", "query_wait_timeout"),
                        SERVER_OVERLOADED, false, CONNECT, ERROR, "pgbouncer", "08P01"),
                arguments("08P01 max_client_conn", server("FATAL", "08P01", "no more connections allowed (max_client_conn)"),
                        SERVER_OVERLOADED, false, CONNECT, ERROR, "pgbouncer", "08P01"),
                arguments("08P01 server conn crashed?", server("FATAL", "08P01", "server conn crashed?"),
                        CONNECTION_LOST, true, TRANSACTION, WARNING, "pgbouncer", "08P01"),
                arguments("08P01 client_idle_timeout", server("FATAL", "08P01", "client_idle_timeout"),
                        CONNECTION_LOST, true, TRANSACTION, INFO, "pgbouncer", "08P01"),
                arguments("08P01 pooler is shutting down", server("FATAL", "08P01", "pooler is shutting down"),
                        CONNECTION_LOST, true, TRANSACTION, INFO, "pgbouncer", "08P01"),
                arguments("08P01 other text", server("FATAL", "08P01", "invalid packet length"),
                        UNKNOWN, false, NONE, ERROR, "pgbouncer", "08P01"),
                arguments("XX000 (EMAXCONN) Supavisor", server("FATAL", "XX000", "(EMAXCONN) max client connections reached, limit: 200"),
                        SERVER_OVERLOADED, false, CONNECT, ERROR, "supavisor", "XX000"),
                arguments("XX000 (ECHECKOUTTIMEOUT) Supavisor", server("FATAL", "XX000", "(ECHECKOUTTIMEOUT) checkout timeout"),
                        SERVER_OVERLOADED, false, CONNECT, ERROR, "supavisor", "XX000"),
                arguments("XX000 (EDBHANDLEREXITED) Supavisor", server("FATAL", "XX000", "(EDBHANDLEREXITED) DbHandler exited"),
                        CONNECTION_LOST, true, TRANSACTION, WARNING, "supavisor", "XX000"),
                arguments("XX000 (ENOTFOUND) Supavisor", server("FATAL", "XX000", "(ENOTFOUND) tenant/user not found"),
                        CONFIGURATION, false, NONE, ERROR, "supavisor", "XX000"),
                arguments("XX000 Tenant or user not found", server("FATAL", "XX000", "Tenant or user not found"),
                        CONFIGURATION, false, NONE, ERROR, "supavisor", "XX000"),
                arguments("53300 too many clients", server("FATAL", "53300", "sorry, too many clients already"),
                        SERVER_OVERLOADED, false, CONNECT, WARNING, "postgres", "53300"),
                arguments("53300 reserved slots", server("FATAL", "53300", "remaining connection slots are reserved for roles with the SUPERUSER attribute"),
                        SERVER_OVERLOADED, false, CONNECT, WARNING, "postgres", "53300"),
                arguments("40001 serialization failure", server("ERROR", "40001", "could not serialize access due to concurrent update"),
                        SERIALIZATION_FAILURE, true, TRANSACTION, DEBUG, "postgres", "40001"),
                arguments("40P01 deadlock", server("ERROR", "40P01", "deadlock detected"),
                        DEADLOCK, true, TRANSACTION, WARNING, "postgres", "40P01"),
                arguments("25P03 idle in transaction timeout", server("FATAL", "25P03", "terminating connection due to idle-in-transaction timeout"),
                        CONNECTION_LOST, false, TRANSACTION, ERROR, "postgres", "25P03"),
                arguments("57014 statement timeout", server("ERROR", "57014", "canceling statement due to statement timeout"),
                        QUERY_TIMEOUT, false, NONE, WARNING, "postgres", "57014"),
                arguments("26000 prepared statement missing", server("ERROR", "26000", "prepared statement \"S_1\" does not exist"),
                        CONFIGURATION, false, NONE, ERROR, "pgbouncer", "26000"),
                arguments("42P05 prepared statement exists", server("ERROR", "42P05", "prepared statement \"S_1\" already exists"),
                        CONFIGURATION, false, NONE, ERROR, "pgbouncer", "42P05"),
                arguments("22P03 bind parameter behind a pooler", server("ERROR", "22P03", "incorrect binary data format in bind parameter 1"),
                        CONFIGURATION, false, NONE, ERROR, "pgbouncer", "22P03"),
                arguments("08P01 bind message to another query's statement", server("ERROR", "08P01",
                        "bind message supplies 1 parameters, but prepared statement \"S_68\" requires 0"),
                        CONFIGURATION, false, NONE, ERROR, "pgbouncer", "08P01"),
                arguments("PgBouncer cannot reach the server", server("ERROR", "08P01", "pgbouncer cannot connect to server"),
                        CONNECT_FAILED, true, CONNECT, WARNING, "pgbouncer", "08P01"),
                arguments("TLS required, server without it", new PSQLException("The server does not support SSL.", PSQLState.CONNECTION_REJECTED),
                        CONFIGURATION, false, NONE, ERROR, "pgjdbc", "08004"),
                arguments("TLS certificate not trusted", new PSQLException("SSL error: PKIX path building failed: unable to find valid certification path to requested target",
                        PSQLState.CONNECTION_FAILURE), CONFIGURATION, false, NONE, ERROR, "pgjdbc", "08006"),
                arguments("28P01 password", server("FATAL", "28P01", "password authentication failed for user \"app\""),
                        AUTHENTICATION, false, NONE, ERROR, "postgres", "28P01"),
                arguments("28000 no pg_hba entry", server("FATAL", "28000", "no pg_hba.conf entry for host"),
                        AUTHENTICATION, false, NONE, ERROR, "postgres", "28000"),
                arguments("3D000 no database", server("FATAL", "3D000", "database \"nope\" does not exist"),
                        CONFIGURATION, false, NONE, ERROR, "postgres", "3D000"),
                arguments("Neon compute waking", server("ERROR", "XX000", "Couldn't connect to compute node"),
                        CONNECT_FAILED, true, CONNECT, WARNING, "neon", "XX000"),
                arguments("23505 unique violation", server("ERROR", "23505", "duplicate key value violates unique constraint \"t_pkey\""),
                        DATA, false, NONE, WARNING, "postgres", "23505"),
                arguments("42P01 undefined table", server("ERROR", "42P01", "relation \"nope\" does not exist"),
                        DATA, false, NONE, ERROR, "postgres", "42P01"));
    }

    private static PSQLException chainedIoWithFatal() {
        PSQLException io = ioError(new EOFException());
        io.setNextException(server("FATAL", "57P01", "terminating connection due to administrator command"));
        return io;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifiesEveryRowOfTheTable(String row, Throwable failure, ErrorKind kind, boolean expected, RetryScope retry,
                                      Severity severity, String source, String sqlState) {
        Classification c = classifier.classify(failure);
        assertThat(c.kind()).as(row).isEqualTo(kind);
        assertThat(c.expected()).as(row + " expected").isEqualTo(expected);
        assertThat(c.retry()).as(row + " retry").isEqualTo(retry);
        assertThat(c.severity()).as(row + " severity").isEqualTo(severity);
        assertThat(c.source()).as(row + " source").isEqualTo(source);
        assertThat(c.sqlState()).as(row + " sqlstate").isEqualTo(sqlState);
        assertThat(c.tags()).containsEntry("error_type", kind.name().toLowerCase()).containsEntry("sqlstate", sqlState)
                .containsEntry("source", source).containsKey("connection_terminated");
    }

    @Test
    void findsTheDecidingExceptionThroughWrappersAndNextExceptions() {
        PSQLException fatal = fatalThenIo("57P01", "terminating connection due to administrator command");
        RuntimeException wrapped = new QueryFailedException("query failed", new SQLException("outer", null, fatal), "select 1", 1);
        Classification c = classifier.classify(wrapped);
        assertThat(c.kind()).isEqualTo(CONNECTION_LOST);
        assertThat(c.sqlState()).isEqualTo("57P01");
        assertThat(c.tags()).containsEntry("connection_terminated", "true");
    }

    @Test
    void walksAtMostTenDeep() {
        Throwable t = server("FATAL", "57P01", "terminating connection due to administrator command");
        for (int i = 0; i < 12; i++) {
            t = new RuntimeException("layer " + i, t);
        }
        assertThat(classifier.classify(t).kind()).isEqualTo(UNKNOWN);
    }

    @Test
    void socketTimeoutMeansTheOutcomeIsUnknown() {
        Classification c = classifier.classify(ioError(new SocketTimeoutException("Read timed out")));
        assertThat(c.kind()).isEqualTo(CONNECTION_LOST);
        assertThat(c.expected()).isFalse();
        assertThat(c.reason()).contains("outcome is unknown");
    }

    @Test
    void poolguardsOwnFailuresAreClassifiedToo() {
        assertThat(classifier.classify(new ConnectionUnavailableException("no connection", null, null, 1)).kind()).isEqualTo(POOL_EXHAUSTED);
        assertThat(classifier.classify(new SQLTransientConnectionException("Connection is not available")).kind()).isEqualTo(POOL_EXHAUSTED);
        assertThat(classifier.classify(new IllegalStateException("app bug")).kind()).isEqualTo(UNKNOWN);
    }

    @Test
    void theApplicationCanOverrideADecision() {
        ErrorClassifier custom = ErrorClassifier.defaults().withOverride(e -> "P0001".equals(e.getSQLState()) ? SERIALIZATION_FAILURE : null);
        Classification raised = custom.classify(server("ERROR", "P0001", "retry me: optimistic lock"));
        assertThat(raised.kind()).isEqualTo(SERIALIZATION_FAILURE);
        assertThat(raised.retry()).isEqualTo(TRANSACTION);
        assertThat(raised.source()).isEqualTo("poolguard");
        assertThat(custom.classify(server("FATAL", "57P01", "terminating")).kind()).isEqualTo(CONNECTION_LOST);
    }
}
