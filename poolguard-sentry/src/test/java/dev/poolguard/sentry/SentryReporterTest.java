package dev.poolguard.sentry;

import dev.poolguard.Database;
import dev.poolguard.QueryFailedException;
import dev.poolguard.event.Severity;
import dev.poolguard.embedded.SharedPostgres;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real Sentry SDK, real PostgreSQL; beforeSend captures the events and drops them, so nothing goes on the network. */
class SentryReporterTest {

    private final List<SentryEvent> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void initSentry() {
        Sentry.init(options -> {
            options.setDsn("https://publickey@127.0.0.1:9/1");
            options.setBeforeSend((event, hint) -> {
                sent.add(event);
                return null;
            });
        });
    }

    @AfterEach
    void closeSentry() {
        Sentry.close();
    }

    @Test
    void failuresArriveWithLevelTagsContextAndFingerprint() {
        try (Database db = Database.builder().url(SharedPostgres.server().url()).minIdle(0)
                .addReporter(new SentryReporter()).build()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> db.update("insert into missing_table values (?)", "Bind-Secret"))
                        .isInstanceOf(QueryFailedException.class).hasMessageContaining("42P01");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
        }
        SentryEvent event = sent.get(0);
        assertThat(event.getLevel()).isEqualTo(SentryLevel.ERROR);
        assertThat(event.getTags()).containsEntry("poolguard.event", "QUERY_ERROR").containsEntry("error_type", "data")
                .containsEntry("sqlstate", "42P01").containsEntry("connection_terminated", "false").containsEntry("source", "postgres");
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) event.getContexts().get("poolguard");
        assertThat(context).containsEntry("sql", "insert into missing_table values (...)").containsEntry("attempt", 1)
                .containsEntry("workload", "default").containsKey("pool");
        assertThat((String) context.get("call_site")).startsWith("dev.poolguard.sentry.SentryReporterTest.failuresArriveWithLevelTagsContextAndFingerprint(");
        assertThat(event.getFingerprints()).hasSize(3).startsWith("poolguard", "QUERY_ERROR");
        assertThat(sent.get(1).getFingerprints()).isEqualTo(event.getFingerprints());
        assertThat(event.getThrowable()).isNotNull();
        assertThat(event.getMessage().getFormatted()).contains("update failed").doesNotContain("Bind-Secret");
    }

    @Test
    void expectedTerminationsStayOutOfSentryAtTheDefaultLevel() throws Exception {
        try (Database db = Database.builder().url(SharedPostgres.server().url()).maxPoolSize(1).minIdle(0)
                .applicationName("sentry-test").addReporter(new SentryReporter()).build()) {
            int pid = db.queryOne("select pg_backend_pid()", rs -> rs.getInt(1)).orElseThrow();
            try (Connection c = SharedPostgres.server().connect(); Statement s = c.createStatement()) {
                s.execute("select pg_terminate_backend(" + pid + ")");
            }
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1);
            // Events reach reporters in the order they happened: once this later failure has reached Sentry, anything
            // the termination produced has been judged too. An absence asserted then is an absence, not a late arrival.
            assertThatThrownBy(() -> db.update("insert into missing_table values (1)")).isInstanceOf(QueryFailedException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !sent.isEmpty());
        }
        assertThat(sent).singleElement().satisfies(e -> assertThat(e.getTags()).containsEntry("poolguard.event", "QUERY_ERROR"));
    }

    @Test
    void levelsMapOneToOne() {
        assertThat(SentryReporter.level(Severity.DEBUG)).isEqualTo(SentryLevel.DEBUG);
        assertThat(SentryReporter.level(Severity.INFO)).isEqualTo(SentryLevel.INFO);
        assertThat(SentryReporter.level(Severity.WARNING)).isEqualTo(SentryLevel.WARNING);
        assertThat(SentryReporter.level(Severity.ERROR)).isEqualTo(SentryLevel.ERROR);
    }
}
