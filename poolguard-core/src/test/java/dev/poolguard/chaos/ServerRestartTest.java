package dev.poolguard.chaos;

import dev.poolguard.Database;
import dev.poolguard.DatabaseUnavailableException;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The server stops mid-run and starts again on the same data directory and port. */
class ServerRestartTest {

    private static final Logger log = LoggerFactory.getLogger(ServerRestartTest.class);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void callsFailClearlyDuringTheOutageAndRecoverWithinASecond() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
             Database db = Database.builder().url(server.url()).maxPoolSize(4).minIdle(2)
                     .connectionTimeout(CONNECTION_TIMEOUT).build()) {
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1);

            server.stop();
            List<Long> failureMillis = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            long outageEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < outageEnd) {
                long start = System.nanoTime();
                try {
                    db.queryOne("select 1", rs -> rs.getInt(1));
                } catch (DatabaseUnavailableException e) {
                    failureMillis.add((System.nanoTime() - start) / 1_000_000);
                    messages.add(e.getMessage());
                }
            }
            assertThat(failureMillis).as("calls during the outage fail").isNotEmpty();
            assertThat(failureMillis).as("never hang past the deadline").allSatisfy(ms -> assertThat(ms).isLessThan(2500L));
            assertThat(messages).allSatisfy(m -> assertThat(m).startsWith("database unavailable").contains("08001"));

            server.startAgain(); // returns once the server accepts connections
            long restarted = System.nanoTime();
            while (true) {
                try {
                    db.queryOne("select 1", rs -> rs.getInt(1));
                    break;
                } catch (DatabaseUnavailableException e) {
                    assertThat(System.nanoTime() - restarted).as("recovering").isLessThan(Duration.ofSeconds(5).toNanos());
                }
            }
            long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
            log.info("RESTART failures during outage={} slowest failure={}ms recovery after restart={}ms",
                    failureMillis.size(), failureMillis.stream().mapToLong(Long::longValue).max().orElse(0), recoveryMillis);
            assertThat(recoveryMillis).as("first success after the server accepts connections").isLessThan(1000L);
        }
    }
}
