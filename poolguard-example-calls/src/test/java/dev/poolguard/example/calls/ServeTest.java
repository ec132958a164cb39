package dev.poolguard.example.calls;

import dev.poolguard.embedded.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ./poolguard serve} without {@code DATABASE_URL}: its embedded PostgreSQL listens as long as the service. */
class ServeTest {

    @Test
    void theEmbeddedPostgresOfServeRequiresItsGeneratedPassword() throws Exception {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            CallsService service = Main.serve(Map.of("CALLS_PORT", "0"), opened::push);
            EmbeddedPostgresServer postgres = opened.stream().filter(EmbeddedPostgresServer.class::isInstance)
                    .map(EmbeddedPostgresServer.class::cast).findFirst().orElseThrow();
            // any local user used to get in as the superuser, without a password
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl()).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThat(new Http(service.url()).get("/health").status()).as("the service itself logs in").isEqualTo(200);
            assertThat(service.db().config().toString()).doesNotContain(postgres.password());
        } finally {
            for (AutoCloseable c; (c = opened.poll()) != null; ) {
                c.close();
            }
        }
    }
}
