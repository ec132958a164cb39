package dev.poolguard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Using it" snippet, verbatim apart from the URL, so the documented example keeps running. */
class ReadmeExampleTest {

    @Test
    void theReadmeSnippetRuns() {
        Pg.server().execute("drop table if exists users, accounts");
        Pg.server().execute("create table users (id int primary key, email text not null)");
        Pg.server().execute("create table accounts (id int primary key, balance bigint not null)");
        Pg.server().execute("insert into accounts values (1, 100), (2, 0)");

        try (Database db = Database.builder()
                .url(Pg.server().url())
                .maxPoolSize(20).minIdle(2)
                .idleTimeout(Duration.ofSeconds(30)).connectionTimeout(Duration.ofSeconds(10))
                .registerShutdownHook(true)
                .build()) {

            db.update("insert into users (id, email) values (?, ?)", 42, "ada@example.com");

            List<String> emails = db.query("select email from users order by id limit 10", rs -> rs.getString(1));
            Optional<String> one = db.queryOne("select email from users where id = ?", rs -> rs.getString(1), 42);

            long balance = db.transaction(tx -> {
                tx.update("update accounts set balance = balance - ? where id = ?", 10, 1);
                tx.update("update accounts set balance = balance + ? where id = ?", 10, 2);
                return tx.queryOne("select balance from accounts where id = ?", rs -> rs.getLong(1), 1).orElseThrow();
            });

            int tables = db.withConnection(conn -> {
                try (var rs = conn.getMetaData().getTables(null, "public", "%", null)) {
                    int n = 0;
                    while (rs.next()) n++;
                    return n;
                }
            });

            assertThat(emails).containsExactly("ada@example.com");
            assertThat(one).contains("ada@example.com");
            assertThat(balance).isEqualTo(90);
            assertThat(tables).isGreaterThanOrEqualTo(2);
            assertThat(db.status().toString()).matches("total=\\d+ active=0 idle=\\d+ waiting=0 max=20");
            assertThat(db.testConnection().toString()).startsWith("ok server=17");
        }
    }
}
