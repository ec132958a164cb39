package dev.poolguard.chaos;

import dev.poolguard.Pg;
import dev.poolguard.PgTerminate;
import dev.poolguard.classify.Classification;
import dev.poolguard.classify.ErrorClassifier;
import dev.poolguard.classify.ErrorKind;
import dev.poolguard.classify.RetryScope;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exception shapes real PostgreSQL and pgjdbc produce, caught from plain JDBC (no Poolguard in the way) and run
 * through the classifier: the unit tests build these shapes by hand; this proves the hand-built ones are right.
 */
class RealFailureShapesTest {

    private final ErrorClassifier classifier = ErrorClassifier.defaults();

    private static SQLException failureOf(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected '" + sql + "' to fail");
    }

    @Test
    void aTerminatedIdleBackendIsAnExpectedConnectionLoss() throws Exception {
        try (Connection c = Pg.server().connect()) {
            PgTerminate.backend(c.unwrap(PGConnection.class).getBackendPID());
            Thread.sleep(100);
            Classification cl = classifier.classify(failureOf(c, "select 1"));
            assertThat(cl.kind()).isEqualTo(ErrorKind.CONNECTION_LOST);
            assertThat(cl.sqlState()).isEqualTo("57P01");
            assertThat(cl.expected()).isTrue();
            assertThat(cl.connectionTerminated()).isTrue();
            // using the dead handle again: 08003
            Classification again = classifier.classify(failureOf(c, "select 1"));
            assertThat(again.sqlState()).isEqualTo("08003");
            assertThat(again.kind()).isEqualTo(ErrorKind.CONNECTION_LOST);
        }
    }

    @Test
    void idleSessionTimeoutIs57P05() throws Exception {
        try (Connection c = Pg.server().connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("set idle_session_timeout = 100");
            }
            Thread.sleep(400);
            Classification cl = classifier.classify(failureOf(c, "select 1"));
            assertThat(cl.sqlState()).isIn("57P05", "08006");
            assertThat(cl.kind()).isEqualTo(ErrorKind.CONNECTION_LOST);
        }
    }

    @Test
    void idleInTransactionTimeoutIs25P03AndCritical() throws Exception {
        try (Connection c = Pg.server().connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("set idle_in_transaction_session_timeout = 100");
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select 1");
            }
            Thread.sleep(400);
            Classification cl = classifier.classify(failureOf(c, "select 1"));
            assertThat(cl.sqlState()).isIn("25P03", "08006");
            assertThat(cl.kind()).isEqualTo(ErrorKind.CONNECTION_LOST);
            if ("25P03".equals(cl.sqlState())) {
                assertThat(cl.expected()).isFalse();
            }
        }
    }

    @Test
    void statementTimeoutIsNotRetried() throws Exception {
        try (Connection c = Pg.server().connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("set statement_timeout = 50");
            }
            Classification cl = classifier.classify(failureOf(c, "select pg_sleep(1)"));
            assertThat(cl.kind()).isEqualTo(ErrorKind.QUERY_TIMEOUT);
            assertThat(cl.sqlState()).isEqualTo("57014");
            assertThat(cl.retry()).isEqualTo(RetryScope.NONE);
        }
    }

    @Test
    void aRealDeadlockIs40P01() throws Exception {
        Pg.server().execute("drop table if exists shapes_dl");
        Pg.server().execute("create table shapes_dl (id int primary key, v int)");
        Pg.server().execute("insert into shapes_dl values (1, 0), (2, 0)");
        try (Connection a = Pg.server().connect(); Connection b = Pg.server().connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            a.createStatement().execute("update shapes_dl set v = 1 where id = 1");
            b.createStatement().execute("update shapes_dl set v = 1 where id = 2");
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<SQLException> first = CompletableFuture.supplyAsync(() -> {
                started.countDown();
                try {
                    a.createStatement().execute("update shapes_dl set v = 2 where id = 2");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            started.await();
            Thread.sleep(100);
            SQLException second = null;
            try {
                b.createStatement().execute("update shapes_dl set v = 2 where id = 1");
            } catch (SQLException e) {
                second = e;
            }
            SQLException firstFailure = first.get(10, TimeUnit.SECONDS);
            SQLException deadlock = second != null ? second : firstFailure;
            assertThat((Object) deadlock).isNotNull();
            Classification cl = classifier.classify(deadlock);
            assertThat(cl.kind()).isEqualTo(ErrorKind.DEADLOCK);
            assertThat(cl.retry()).isEqualTo(RetryScope.TRANSACTION);
        }
    }

    @Test
    void aRefusedConnectIs08001() {
        SQLException refused;
        try (Connection ignored = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2")) {
            throw new AssertionError("connected to port 1");
        } catch (SQLException e) {
            refused = e;
        }
        Classification cl = classifier.classify(refused);
        assertThat(cl.kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
        assertThat(cl.sqlState()).isEqualTo("08001");
        assertThat(cl.retry()).isEqualTo(RetryScope.CONNECT);
    }
}
