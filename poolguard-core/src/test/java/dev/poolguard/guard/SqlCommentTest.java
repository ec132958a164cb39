package dev.poolguard.guard;

import dev.poolguard.Database;
import dev.poolguard.Pg;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rows of pg_stat_activity name the Java code that sent the statement. */
class SqlCommentTest {

    @Test
    void pgStatActivityShowsTheApplicationAndCallSite() throws Exception {
        try (Database db = Pg.builder().applicationName("billing").build()) {
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> sleepInTheDatabase(db));
            String[] seen = awaitActive("%pg_sleep(1.5)%");
            assertThat(seen[0]).isEqualTo("billing");
            assertThat(seen[1]).startsWith("/* poolguard app=billing at=dev.poolguard.guard.SqlCommentTest.sleepInTheDatabase(SqlCommentTest.java:")
                    .endsWith("*/ select pg_sleep(1.5)");
            running.get();
        }
    }

    /** application_name and query of the other backend running a statement like {@code pattern}, once it shows. */
    private static String[] awaitActive(String pattern) {
        String[] seen = new String[2];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = Pg.server().connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select application_name, query from pg_stat_activity where state = 'active'"
                         + " and query like '" + pattern + "' and pid <> pg_backend_pid()")) {
                if (rs.next()) {
                    seen[0] = rs.getString(1);
                    seen[1] = rs.getString(2);
                    return true;
                }
                return false;
            }
        });
        return seen;
    }

    private static Object sleepInTheDatabase(Database db) {
        return db.query("select pg_sleep(1.5)", rs -> 1);
    }

    /**
     * pgjdbc stops sending the text once a statement is server-prepared (5th use on a connection); PostgreSQL then
     * shows the prepared text, comment included, so the call site stays in pg_stat_activity.
     */
    @Test
    void theCallSiteStaysAfterTheStatementIsServerPrepared() throws Exception {
        try (Database db = Pg.builder().applicationName("billing").build()) {
            CompletableFuture<Long> prepared = CompletableFuture.supplyAsync(() -> preparedThenSlow(db));
            String[] seen = awaitActive("%prepared_marker%");
            assertThat(seen[1]).startsWith("/* poolguard app=billing at=dev.poolguard.guard.SqlCommentTest.")
                    .contains("(SqlCommentTest.java:").endsWith("*/ select pg_sleep($1) as prepared_marker");
            assertThat(prepared.get(10, TimeUnit.SECONDS)).as("server-side prepared statements of the marker").isPositive();
        }
    }

    private static long preparedThenSlow(Database db) {
        return db.transaction(tx -> {
            String sql = "select pg_sleep(?) as prepared_marker";
            for (int i = 0; i < 5; i++) {
                tx.queryOne(sql, rs -> 1, 0.0);
            }
            long serverPrepared = tx.queryOne("select count(*) from pg_prepared_statements where statement like"
                    + " '/* poolguard app=billing at=%prepared_marker'", rs -> rs.getLong(1)).orElseThrow();
            tx.queryOne(sql, rs -> 1, 1.5);
            return serverPrepared;
        });
    }

    @Test
    void commentsCanBeTurnedOff() {
        try (Database db = Pg.builder().sqlComments(false).build()) {
            assertThat(db.queryOne("select current_query()", rs -> rs.getString(1))).contains("select current_query()");
        }
        try (Database db = Pg.builder().build()) {
            assertThat(db.queryOne("select current_query() as q", rs -> rs.getString(1)).orElseThrow())
                    .startsWith("/* poolguard app=poolguard at=dev.poolguard.guard.SqlCommentTest.commentsCanBeTurnedOff(");
        }
    }
}
