package dev.poolguard;

import dev.poolguard.status.PoolStatus;
import dev.poolguard.status.ConnectionCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    static Database db;

    @BeforeAll
    static void open() {
        db = Pg.builder().captureCallSites(true).build();
        db.update("drop table if exists items");
        db.update("create table items (id int primary key, name text not null, created timestamptz)");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void clean() {
        db.update("delete from items");
    }

    @Test
    void queryQueryOneAndUpdateRoundTrip() {
        assertThat(db.update("insert into items (id, name, created) values (?, ?, ?), (?, ?, ?)",
                1, "one", Instant.parse("2026-01-01T00:00:00Z"), 2, "two", null)).isEqualTo(2);
        List<String> names = db.query("select name from items order by id", rs -> rs.getString(1));
        assertThat(names).containsExactly("one", "two");
        assertThat(db.queryOne("select name from items where id = ?", rs -> rs.getString("name"), 2)).contains("two");
        assertThat(db.queryOne("select name from items where id = ?", rs -> rs.getString("name"), 99)).isEmpty();
        assertThat(db.diagnostics().status().active()).isZero();
    }

    @Test
    void queryOneWithTwoRowsIsAnErrorNotASilentFirst() {
        db.update("insert into items (id, name) values (1, 'a'), (2, 'b')");
        assertThatThrownBy(() -> db.queryOne("select name from items", rs -> rs.getString(1)))
                .isInstanceOf(TooManyRowsException.class)
                .hasMessageContaining("queryOne expected at most one row")
                .hasMessageContaining("sql: select name from items");
        assertThat(db.diagnostics().status().active()).isZero();
    }

    @Test
    void transactionCommitsOnReturn() {
        int id = db.transaction(tx -> {
            tx.update("insert into items (id, name) values (?, ?)", 7, "seven");
            return tx.queryOne("select id from items where name = ?", rs -> rs.getInt(1), "seven").orElseThrow();
        });
        assertThat(id).isEqualTo(7);
        assertThat(db.queryOne("select count(*) from items", rs -> rs.getInt(1))).contains(1);
    }

    @Test
    void transactionRollsBackAndTheOriginalExceptionPropagates() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> db.transaction(tx -> {
            tx.update("insert into items (id, name) values (1, 'x')");
            throw boom;
        })).isSameAs(boom);
        assertThat(db.queryOne("select count(*) from items", rs -> rs.getInt(1))).contains(0);
        assertThat(db.diagnostics().status().active()).isZero();
    }

    @Test
    void nestedTransactionJoinsTheOuterOne() {
        assertThatThrownBy(() -> db.transaction(outer -> {
            outer.update("insert into items (id, name) values (1, 'outer')");
            db.transaction(inner -> inner.update("insert into items (id, name) values (2, 'inner')"));
            // a plain call on the same thread joins too: it sees the uncommitted rows
            assertThat(db.queryOne("select count(*) from items", rs -> rs.getInt(1))).contains(2);
            throw new IllegalStateException("roll back both");
        })).hasMessage("roll back both");
        assertThat(db.queryOne("select count(*) from items", rs -> rs.getInt(1))).contains(0);
        assertThat(db.diagnostics().status().active()).isZero();
    }

    @Test
    void transactionHandleIsFencedAfterTheCallback() {
        AtomicReference<Transaction> escaped = new AtomicReference<>();
        db.transaction(tx -> {
            escaped.set(tx);
            return null;
        });
        assertThatThrownBy(() -> escaped.get().update("delete from items"))
                .isInstanceOf(ConnectionReleasedException.class)
                .hasMessageContaining("transaction used after its callback returned")
                .hasMessageContaining("borrowed at dev.poolguard.DatabaseTest.transactionHandleIsFencedAfterTheCallback(DatabaseTest.java:");
    }

    @Test
    void withoutEagerCaptureAFencedTransactionNamesItsLineOrTheThreadAndTime() {
        try (Database lazy = Pg.builder().build()) {
            AtomicReference<Transaction> escaped = new AtomicReference<>();
            lazy.transaction(tx -> {
                escaped.set(tx);
                return null;
            });
            assertThatThrownBy(() -> escaped.get().update("select 1"))
                    .isInstanceOf(ConnectionReleasedException.class)
                    .hasMessageContaining("It was borrowed at dev.poolguard.DatabaseTest."
                            + "withoutEagerCaptureAFencedTransactionNamesItsLineOrTheThreadAndTime(DatabaseTest.java:");
            // a callback class of its own (not a lambda) is not walked: the message names the thread and time
            lazy.transaction(new TransactionCallback<Void>() {
                @Override
                public Void apply(Transaction tx) {
                    escaped.set(tx);
                    return null;
                }
            });
            assertThatThrownBy(() -> escaped.get().update("select 1"))
                    .isInstanceOf(ConnectionReleasedException.class)
                    .hasMessageContaining("It was borrowed at thread '" + Thread.currentThread().getName() + "' at ")
                    .hasMessageContaining("set captureCallSites(true) to record the line");
            // withConnection, the raw escape hatch, always records its line
            AtomicReference<Connection> raw = new AtomicReference<>();
            lazy.withConnection(c -> {
                raw.set(c);
                return null;
            });
            assertThatThrownBy(() -> raw.get().createStatement())
                    .hasMessageContaining("borrowed at dev.poolguard.DatabaseTest.withoutEagerCaptureAFencedTransactionNamesItsLineOrTheThreadAndTime(DatabaseTest.java:");
        }
    }

    @Test
    void withConnectionIsScopedAndFenced() throws SQLException {
        AtomicReference<Connection> escaped = new AtomicReference<>();
        AtomicReference<PreparedStatement> escapedStatement = new AtomicReference<>();
        AtomicReference<ResultSet> escapedResult = new AtomicReference<>();
        int value = db.withConnection(c -> {
            escaped.set(c);
            PreparedStatement ps = c.prepareStatement("select 41 + 1");
            escapedStatement.set(ps);
            ResultSet rs = ps.executeQuery();
            escapedResult.set(rs);
            rs.next();
            int v = rs.getInt(1);
            assertThat(rs.getStatement().getConnection()).isSameAs(c);
            c.close(); // harmless inside the callback
            return v;
        });
        assertThat(value).isEqualTo(42);
        assertThat(db.diagnostics().status().active()).isZero();
        String where = "borrowed at dev.poolguard.DatabaseTest.withConnectionIsScopedAndFenced(DatabaseTest.java:";
        assertThatThrownBy(() -> escaped.get().createStatement())
                .isInstanceOf(ConnectionReleasedException.class).hasMessageContaining("connection used after its callback returned").hasMessageContaining(where);
        assertThatThrownBy(() -> escapedStatement.get().executeQuery()).isInstanceOf(ConnectionReleasedException.class).hasMessageContaining(where);
        assertThatThrownBy(() -> escapedResult.get().next()).isInstanceOf(ConnectionReleasedException.class);
        assertThat(escaped.get().isClosed()).isTrue();
    }

    @Test
    void eachWithConnectionLambdaNamesItsOwnLine() {
        List<Connection> escaped = new java.util.ArrayList<>();
        int first = 0;
        for (int i = 0; i < 3; i++) {
            first = line(); db.withConnection(escaped::add);
        }
        int second = line(); db.withConnection(escaped::add);
        // the site is walked once per lambda, then cached on its class: later borrows still name their own line
        for (int i = 0; i < 3; i++) {
            Connection c = escaped.get(i);
            assertThatThrownBy(c::createStatement).hasMessageContaining("(DatabaseTest.java:" + first + ")");
        }
        assertThatThrownBy(escaped.get(3)::createStatement).hasMessageContaining("(DatabaseTest.java:" + second + ")");
    }

    private static int line() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    @Test
    void errorsAreNamedKeepTheCauseAndSqlStateAndNeverBindValues() {
        db.update("insert into items (id, name) values (1, 'a')");
        assertThatThrownBy(() -> db.update("insert into items (id, name) values (?, ?)", 1, "Secret-Value-123"))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("update failed")
                .hasMessageContaining("SQLSTATE 23505")
                .hasMessageContaining("sql: insert into items (id, name) values (?, ?)")
                .hasMessageNotContaining("Secret-Value-123")
                .satisfies(e -> {
                    QueryFailedException q = (QueryFailedException) e;
                    assertThat(q.sqlState()).isEqualTo("23505");
                    assertThat(q.getCause()).isInstanceOf(SQLException.class);
                    assertThat(q.getCause().getMessage()).doesNotContain("Secret-Value-123");
                    assertThat(q.sql()).isEqualTo("insert into items (id, name) values (?, ?)");
                });
        assertThatThrownBy(() -> db.query("select * from no_such_table", rs -> 1))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("query failed").hasMessageContaining("42P01");
    }

    @Test
    void statusReadsLikeTheIssueSays() {
        PoolStatus s = db.diagnostics().status();
        assertThat(s.max()).isEqualTo(4);
        assertThat(s.toString()).matches("total=\\d+ active=0 idle=\\d+ waiting=0 max=4");
        int activeInside = db.withConnection(c -> db.diagnostics().status().active());
        assertThat(activeInside).isEqualTo(1);
    }

    @Test
    void testConnectionReportsVersionAndRoundTrip() {
        ConnectionCheck check = db.diagnostics().testConnection();
        assertThat(check.ok()).as(check.toString()).isTrue();
        assertThat(check.serverVersion()).startsWith("17");
        assertThat(check.roundTrip()).isPositive().isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void testConnectionAgainstNothingFailsFastWithoutThrowing() {
        try (Database nowhere = Database.builder().url("postgres://u:pw@127.0.0.1:1/db").minIdle(0)
                .connectionTimeout(Duration.ofSeconds(1)).build()) {
            long start = System.nanoTime();
            ConnectionCheck check = nowhere.diagnostics().testConnection();
            assertThat(check.ok()).isFalse();
            assertThat(check.error()).contains("08001");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void rawJdbcStatementsWork() {
        int rows = db.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("insert into items (id, name) values (5, 'five')");
            }
        });
        assertThat(rows).isEqualTo(1);
        assertThat(db.queryOne("select name from items where id = 5", rs -> rs.getString(1))).isEqualTo(Optional.of("five"));
    }
}
