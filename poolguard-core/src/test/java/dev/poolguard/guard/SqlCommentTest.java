package dev.poolguard.guard;

import dev.poolguard.Database;
import dev.poolguard.Pg;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rows of pg_stat_activity name the Java code that sent the statement. */
class SqlCommentTest {

    @Test
    void pgStatActivityShowsTheApplicationAndCallSite() throws Exception {
        try (Database db = Pg.builder().applicationName("billing").build()) {
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> sleepInTheDatabase(db));
            String[] seen = new String[2];
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (Connection c = Pg.server().connect(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select application_name, query from pg_stat_activity where query like '%pg_sleep(1.5)%'"
                             + " and pid <> pg_backend_pid()")) {
                    if (rs.next()) {
                        seen[0] = rs.getString(1);
                        seen[1] = rs.getString(2);
                        return true;
                    }
                    return false;
                }
            });
            assertThat(seen[0]).isEqualTo("billing");
            assertThat(seen[1]).startsWith("/* poolguard app=billing at=dev.poolguard.guard.SqlCommentTest.sleepInTheDatabase(SqlCommentTest.java:")
                    .endsWith("*/ select pg_sleep(1.5)");
            running.get();
        }
    }

    private static Object sleepInTheDatabase(Database db) {
        return db.query("select pg_sleep(1.5)", rs -> 1);
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
