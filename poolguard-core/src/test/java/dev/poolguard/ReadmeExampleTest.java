package dev.poolguard;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's usage example. The text between the snippet markers is what the README shows: a documentation test
 * (poolguard-cli's {@code DocumentationTest}) fails when the two differ, so the documented example is the one that runs.
 */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRuns() {
        Pg.server().execute("drop table if exists users, accounts");
        Pg.server().execute("create table users (id int primary key, email text not null)");
        Pg.server().execute("create table accounts (id int primary key, balance bigint not null)");
        Pg.server().execute("insert into accounts values (1, 100), (2, 0)");
        String url = Pg.server().url();

        // snippet: usage
        try (Database db = Database.builder()
                .url(url)
                .maxPoolSize(20)
                .registerShutdownHook(true)
                .build()) {
            db.update("insert into users (id, email) values (?, ?)", 42, "ada@example.com");
            Optional<String> email = db.queryOne("select email from users where id = ?", rs -> rs.getString(1), 42);
            long balance = db.transaction(tx -> {
                tx.update("update accounts set balance = balance - ? where id = ?", 10, 1);
                tx.update("update accounts set balance = balance + ? where id = ?", 10, 2);
                return tx.queryOne("select balance from accounts where id = ?", rs -> rs.getLong(1), 1).orElseThrow();
            });
            System.out.println(email.orElseThrow() + " now has " + balance);
        }
        // end snippet

        try (Database check = Pg.builder().build()) {
            assertThat(check.queryOne("select email from users where id = 42", rs -> rs.getString(1))).contains("ada@example.com");
            assertThat(check.query("select balance from accounts order by id", rs -> rs.getLong(1))).containsExactly(90L, 10L);
        }
    }
}
