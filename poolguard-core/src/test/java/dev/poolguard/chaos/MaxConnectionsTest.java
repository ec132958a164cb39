package dev.poolguard.chaos;

import dev.poolguard.Database;
import dev.poolguard.DatabaseUnavailableException;
import dev.poolguard.event.EventType;
import dev.poolguard.PoolguardException;
import dev.poolguard.RecordingReporter;
import dev.poolguard.classify.ErrorKind;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The server's max_connections is reached by others: connects are refused with 53300. */
class MaxConnectionsTest {

    @Test
    void tooManyClientsIsClassifiedRetriedWithBackoffAndClearPastTheDeadline() throws Exception {
        RecordingReporter events = new RecordingReporter();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.builder()
                .serverConfig("max_connections", "5")
                .serverConfig("superuser_reserved_connections", "0")
                .serverConfig("reserved_connections", "0").start();
             Database db = Database.builder().url(server.url()).maxPoolSize(2).minIdle(0)
                     .connectionTimeout(Duration.ofSeconds(2)).addReporter(events).build()) {
            List<Connection> others = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    others.add(server.connect());
                }
                assertThatThrownBy(() -> db.queryOne("select 1", rs -> 1))
                        .isInstanceOf(DatabaseUnavailableException.class)
                        .hasMessageContaining("53300")
                        .hasMessageContaining("max_connections reached")
                        .satisfies(e -> assertThat(((PoolguardException) e).classification().kind()).isEqualTo(ErrorKind.SERVER_OVERLOADED));
                await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(events.of(EventType.CONNECT_FAILED))
                        .anySatisfy(e -> assertThat(e.tags()).containsEntry("error_type", "server_overloaded").containsEntry("sqlstate", "53300")));

                // A slot frees up while a call waits: the connect retry picks it up inside the deadline.
                CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> db.queryOne("select 7", rs -> rs.getInt(1)).orElseThrow());
                await().atMost(Duration.ofSeconds(2)).until(() -> db.diagnostics().status().waiting() == 1); // the call is waiting now
                others.remove(0).close();
                assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(7);
            } finally {
                for (Connection c : others) {
                    c.close();
                }
            }
        }
    }
}
