package dev.poolguard;

import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventType;
import dev.poolguard.event.LoggingReporter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class ReportingTest {

    @Test
    void aSlowOrBrokenReporterNeverBlocksOrBreaksTheCaller() {
        CountDownLatch unblock = new CountDownLatch(1);
        RecordingReporter after = new RecordingReporter();
        try (Database db = Pg.builder()
                .addReporter(e -> {
                    try {
                        unblock.await(10, TimeUnit.SECONDS); // a sink that hangs
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                })
                .addReporter(e -> {
                    throw new IllegalStateException("sink down");
                })
                .addReporter(after).build()) {
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> db.query("select * from missing_table", rs -> 1)).isInstanceOf(QueryFailedException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            unblock.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> after.of(EventType.QUERY_ERROR).size() == 20);
        }
    }

    @Test
    void expectedTerminationsLogBelowErrorAndRealFailuresLogAtError() {
        try (LogCapture logs = new LogCapture();
             Database db = Pg.builder().maxPoolSize(1).applicationName("reporting-test").build()) {
            int pid = db.queryOne("select pg_backend_pid()", rs -> rs.getInt(1)).orElseThrow();
            PgTerminate.backend(pid);
            db.queryOne("select 1", rs -> 1); // replaced invisibly, reported as expected
            assertThatThrownBy(() -> db.update("insert into nowhere values (?)", "Bind-Value-Secret"));
            await().atMost(Duration.ofSeconds(3)).until(() -> lines(logs, "QUERY_ERROR").size() == 1);
            List<ILoggingEvent> retries = lines(logs, "STALE_CONNECTION");
            assertThat(retries).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getLevel().toString()).isIn("INFO", "WARN");
                assertThat(e.getFormattedMessage()).contains("connection_terminated=true").contains("error_type=connection_lost");
            });
            ILoggingEvent queryError = lines(logs, "QUERY_ERROR").get(0);
            assertThat(queryError.getLevel().toString()).isEqualTo("ERROR");
            assertThat(queryError.getFormattedMessage()).contains("error_type=data").contains("sqlstate=42P01")
                    .contains("call_site=dev.poolguard.ReportingTest.expectedTerminationsLogBelowErrorAndRealFailuresLogAtError(ReportingTest.java:");
            assertThat(logs.text()).doesNotContain("Bind-Value-Secret");
        }
    }

    @Test
    void dataValuesInDriverMessagesAreMaskedInMessagesAndLogs() {
        try (LogCapture logs = new LogCapture(); Database db = Pg.builder().build()) {
            assertThatThrownBy(() -> db.query("select ?::int", rs -> 1, "Not-A-Number-Secret"))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageContaining("22P02")
                    .hasMessageNotContaining("Not-A-Number-Secret");
            await().atMost(Duration.ofSeconds(3)).until(() -> !lines(logs, "QUERY_ERROR").isEmpty());
            assertThat(logs.text()).doesNotContain("Not-A-Number-Secret");
        }
    }

    /** A failing call whose error quotes a value, and the value that must appear nowhere. */
    private record Leak(String what, java.util.function.Function<Database, Object> call, String secret, String kept) {
    }

    @Test
    void everyDataValueInAnErrorIsMaskedInMessagesEventsLogsAndTheThrownChain() {
        List<Leak> leaks = List.of(
                // class 22 from the server: quoted, unquoted and as raw bytes
                new Leak("22003 out of range", db -> db.queryOne("select ?::int", rs -> 1, "2147489999"), "2147489999",
                        "value \"?\" is out of range for type integer"),
                new Leak("22P02 with a quote and a newline inside", db -> db.queryOne("select ?::int", rs -> 1,
                        "Sec\"ret: Part\nLine-Two"), "Line-Two", "invalid input syntax for type integer: ?"),
                new Leak("22008 unquoted", db -> db.queryOne("select make_date(?, 13, 40)", rs -> 1, 7319), "7319",
                        "date field value out of range: ?"),
                new Leak("22021 bytes", db -> db.queryOne("select convert_from(?, 'UTF8')", rs -> 1,
                        (Object) new byte[]{0x41, (byte) 0xfe, 0x42}), "0xfe", "invalid byte sequence for encoding"),
                // pgjdbc's own conversions, raised while the mapper reads the row
                new Leak("pgjdbc int", db -> db.queryOne("select ?::text", rs -> rs.getInt(1), "Secret-Int-Value"),
                        "Secret-Int-Value", "Bad value for type int : ?"),
                new Leak("pgjdbc timestamp", db -> db.queryOne("select ?::text", rs -> rs.getTimestamp(1), "Secret-Ts-Value"),
                        "Secret-Ts-Value", "Bad value for type timestamp/date/time: ?"),
                new Leak("pgjdbc boolean", db -> db.queryOne("select ?::text", rs -> rs.getBoolean(1), "Secret-Bool-Value"),
                        "Secret-Bool-Value", "Cannot cast to boolean: ?"));
        RecordingReporter events = new RecordingReporter();
        try (LogCapture logs = new LogCapture();
             Database db = Pg.builder().addReporter(events).addReporter(new LoggingReporter()).build()) {
            for (Leak leak : leaks) {
                Throwable thrown = catchThrowable(() -> leak.call().apply(db));
                assertThat(thrown).as(leak.what()).isInstanceOf(QueryFailedException.class)
                        .hasMessageContaining(leak.kept()).hasMessageNotContaining(leak.secret());
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                assertThat(trace.toString()).as(leak.what() + ": the whole chain, as an application logs it")
                        .doesNotContain(leak.secret());
                assertThat(((PoolguardException) thrown).sqlState()).as(leak.what()).isNotNull();
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> lines(logs, "QUERY_ERROR").size() == leaks.size());
            for (Leak leak : leaks) {
                assertThat(logs.text()).as(leak.what()).doesNotContain(leak.secret());
                assertThat(events.events()).as(leak.what()).allSatisfy(e -> {
                    assertThat(e.message()).doesNotContain(leak.secret());
                    StringWriter trace = new StringWriter();
                    e.error().printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).doesNotContain(leak.secret());
                });
            }
        }
    }

    @Test
    void eventsCarryContextTagsAndAStableFingerprint() {
        RecordingReporter events = new RecordingReporter();
        try (Database db = Pg.builder().addReporter(events).build()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> db.queryOne("select * from missing where id = " + 1, rs -> 1));
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.QUERY_ERROR).size() == 2);
            DiagnosticEvent first = events.of(EventType.QUERY_ERROR).get(0);
            DiagnosticEvent second = events.of(EventType.QUERY_ERROR).get(1);
            assertThat(first.fingerprint()).isEqualTo(second.fingerprint()).hasSize(16);
            assertThat(first.context().sql()).isEqualTo("select * from missing where id = ?");
            assertThat(first.context().attempt()).isEqualTo(1);
            assertThat(first.context().pool()).isNotNull();
            assertThat(first.context().workload()).isEqualTo("default");
            assertThat(first.tags()).containsKeys("error_type", "sqlstate", "connection_terminated", "source", "expected");
            assertThat(first.error()).isNotNull();
            assertThat(first.toString()).startsWith("QUERY_ERROR ERROR: queryOne failed");
        }
    }

    private static List<ILoggingEvent> lines(LogCapture logs, String type) {
        return logs.events().stream().filter(e -> e.getLoggerName().equals("dev.poolguard.events"))
                .filter(e -> e.getFormattedMessage().startsWith(type + " ")).collect(Collectors.toList());
    }
}
