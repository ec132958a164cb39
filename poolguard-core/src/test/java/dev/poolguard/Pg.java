package dev.poolguard;

import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.embedded.SharedPostgres;

import java.time.Duration;

/** Test access to the shared embedded PostgreSQL. */
public final class Pg {

    private Pg() {
    }

    public static EmbeddedPostgresServer server() {
        return SharedPostgres.server();
    }

    /** A builder on the shared server with test-friendly timeouts. */
    public static DatabaseBuilder builder() {
        return Database.builder()
                .url(server().url())
                .poolName("test")
                .maxPoolSize(4)
                .minIdle(0)
                .connectionTimeout(Duration.ofSeconds(2))
                .drainTimeout(Duration.ofSeconds(2));
    }
}
