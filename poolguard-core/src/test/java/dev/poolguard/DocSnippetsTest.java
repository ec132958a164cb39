package dev.poolguard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java examples of docs/using.md, docs/diagnostics.md and docs/failures.md. The text between each pair of
 * snippet markers is what the page shows (DocumentationTest compares them), so every example on those pages compiles
 * and runs here, against a real PostgreSQL.
 */
class DocSnippetsTest {

    /** What the diagnostics page's task sends: a campaign's summary. */
    static final class Summaries {
        final java.util.concurrent.atomic.AtomicReference<String> sent = new java.util.concurrent.atomic.AtomicReference<>();

        void send(String campaignId) {
            sent.set(campaignId);
        }
    }

    @Test
    void theUsingPageExampleRuns() {
        Pg.server().execute("drop table if exists users, accounts");
        Pg.server().execute("create table users (id int primary key, email text not null)");
        Pg.server().execute("create table accounts (id int primary key, balance bigint not null)");
        Pg.server().execute("insert into accounts values (1, 100), (2, 0)");
        String url = Pg.server().url();
        int[] tableCount = new int[1];

        // snippet: using
        try (Database db = Database.builder()
                .url(url)
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

            int tables = db.withConnection(conn -> {               // raw JDBC, valid only inside the callback
                try (var rs = conn.getMetaData().getTables(null, "public", "%", null)) {
                    int n = 0;
                    while (rs.next()) n++;
                    return n;
                }
            });

            System.out.println(db.diagnostics().status());          // total=2 active=0 idle=2 waiting=0 max=20
            System.out.println(db.diagnostics().testConnection());  // ok server=17.11 roundTrip=0ms connect=4ms
            // end snippet
            assertThat(emails).containsExactly("ada@example.com");
            assertThat(one).contains("ada@example.com");
            assertThat(balance).isEqualTo(90);
            tableCount[0] = tables;
            assertThat(db.diagnostics().testConnection().toString()).startsWith("ok server=");
        }
        assertThat(tableCount[0]).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theDiagnosticsPageExamplesRun() throws Exception {
        String url = Pg.server().url();
        RowMapper<Integer> mapper = rs -> rs.getInt(1);
        Summaries summaries = new Summaries();
        String id = "7";
        String owner = "3";

        // snippet: workload-budget
        Database db = Database.builder().url(url).maxPoolSize(8).workloadLimit("background", 2).build();
        Database background = db.workload("background");   // same API, borrows count against the budget
        background.query("select 1", mapper);
        // end snippet
        try (db) {
            assertThat(db.diagnostics().workloads()).anySatisfy(w -> {
                assertThat(w.workload()).isEqualTo("background");
                assertThat(w.limit()).isEqualTo(2);
            });
            // snippet: background-task
            db.tasks().submit("campaign-summary", Map.of("campaign_id", id, "user_id", owner), () -> summaries.send(id));
            // end snippet
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> id.equals(summaries.sent.get()));
        }
    }

    @Test
    void theFailuresPageExampleRuns() {
        Pg.server().execute("drop table if exists webhook_events");
        Pg.server().execute("create table webhook_events (provider_id text primary key, body text)");
        String id = "EV1";
        String body = "{}";
        try (Database db = Pg.builder().build()) {
            for (int i = 0; i < 2; i++) {
                // snippet: idempotent
                db.idempotent().update("insert into webhook_events (provider_id, body) values (?, ?) on conflict do nothing", id, body);
                // end snippet
            }
            assertThat(db.queryOne("select count(*) from webhook_events", rs -> rs.getLong(1))).contains(1L);
        }
    }
}
