package dev.poolguard.example.calls;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.example.calls.http.ErrorMapping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 500 or a 503 tells the caller a fixed title and a correlation id, never the exception's text (SQL, constraint
 * names, call sites, hosts, users); the log has the text under the same id.
 */
class ErrorDisclosureTest {

    static Harness h;
    static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    static final String SECRET = "duplicate key value violates unique constraint \"users_email_key\" on db.internal as app_admin";

    @BeforeAll
    static void start() {
        h = Harness.start(1, Harness.fastTelephony(), b -> b
                .mount(routes -> routes.get("/test/boom", ctx -> {
                    throw new IllegalStateException(SECRET);
                }))
                .mount(routes -> routes.get("/test/no-connection", ctx -> {
                    throw new ConnectionUnavailableException("query got no connection in 10000ms: pool exhausted; holders:"
                            + " dev.poolguard.Secret.method x10; sql: select password from users", null, "select password from users", 1);
                })));
        LOG.start();
        ((Logger) LoggerFactory.getLogger(ErrorMapping.class)).addAppender(LOG);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(ErrorMapping.class)).detachAppender(LOG);
        h.close();
    }

    static String correlation(Http.Response r) {
        Matcher m = Pattern.compile("correlation id ([0-9a-f-]{36})").matcher(r.get("details").get(0).get("message").asText());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    static String logged(String id) {
        return LOG.list.stream().filter(e -> e.getFormattedMessage().contains(id))
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .findFirst().orElse("");
    }

    @Test
    void aFiveHundredSaysAFixedTitleAndACorrelationIdAndLogsTheRest() {
        Http.Response r = h.http().get("/test/boom");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.get("title").asText()).isEqualTo("internal error");
        assertThat(r.body()).doesNotContain("users_email_key").doesNotContain("db.internal").doesNotContain("app_admin")
                .doesNotContain("IllegalStateException");
        assertThat(logged(correlation(r))).contains("GET /test/boom failed").contains(SECRET);
    }

    @Test
    void aFiveOhThreeSaysAFixedTitleAndACorrelationIdAndLogsTheRest() {
        Http.Response r = h.http().get("/test/no-connection");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.get("title").asText()).isEqualTo("no database connection available");
        assertThat(r.body()).doesNotContain("password").doesNotContain("Secret").doesNotContain("holders");
        assertThat(r.get("details").get(0).get("message").asText()).startsWith("try again in a second; correlation id ");
        assertThat(logged(correlation(r))).contains("select password from users");
    }
}
