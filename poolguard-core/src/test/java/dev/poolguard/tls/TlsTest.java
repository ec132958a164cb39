package dev.poolguard.tls;

import dev.poolguard.Database;
import dev.poolguard.DatabaseUnavailableException;
import dev.poolguard.Pg;
import dev.poolguard.PoolguardException;
import dev.poolguard.classify.ErrorKind;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS as providers require it, against a PostgreSQL with TLS on and a certificate authority made in the test: the
 * server's certificate checked with verify-full, an untrusted certificate and a server without TLS refused at once
 * with a message that says what to change (never retried until the connection timeout).
 */
class TlsTest {

    @TempDir
    static Path dir;
    private static EmbeddedPostgresServer server;
    private static TestCertificates trusted;
    private static TestCertificates stranger;

    @BeforeAll
    static void start() throws Exception {
        trusted = TestCertificates.create(dir, "trusted");
        stranger = TestCertificates.create(dir, "stranger");
        server = EmbeddedPostgresServer.builder().serverConfig("ssl", "on")
                .serverConfig("ssl_cert_file", trusted.serverCertFile.toString())
                .serverConfig("ssl_key_file", trusted.serverKeyFile.toString()).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Database db(String url) {
        return Database.builder().url(url).poolName("tls").maxPoolSize(2).minIdle(0).connectionTimeout(Duration.ofSeconds(1)).build();
    }

    /** The first call waits out the connection timeout; once the connector has seen the failure, calls fail at once. */
    private static void refusedAtOnce(Database db, String... fragments) {
        assertThatThrownBy(() -> db.queryOne("select 1", rs -> 1)).isInstanceOf(DatabaseUnavailableException.class);
        long start = System.nanoTime();
        assertThatThrownBy(() -> db.queryOne("select 1", rs -> 1))
                .isInstanceOf(DatabaseUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments))
                .satisfies(e -> assertThat(((PoolguardException) e).classification().kind()).isEqualTo(ErrorKind.CONFIGURATION));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not retried until the connection timeout")
                .isLessThan(Duration.ofMillis(500));
    }

    @Test
    void verifyFullWithTheCaFileConnectsEncrypted() {
        try (Database db = db(server.url() + "?sslmode=verify-full&sslrootcert=" + trusted.caFile)) {
            assertThat(db.queryOne("select ssl from pg_stat_ssl where pid = pg_backend_pid()", rs -> rs.getBoolean(1)))
                    .as("the session is encrypted").contains(true);
        }
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefusedAtOnceNamingTheFix() {
        try (Database db = db(server.url() + "?sslmode=verify-full&sslrootcert=" + stranger.caFile)) {
            refusedAtOnce(db, "TLS: the server's certificate is not signed by an authority this client trusts", "sslrootcert");
        }
    }

    @Test
    void requireAgainstAServerWithoutTlsIsRefusedAtOnceNotSentInPlainText() {
        try (Database db = db(Pg.server().url() + "?sslmode=require")) {
            refusedAtOnce(db, "the server does not offer TLS", "never lower sslmode");
        }
    }
}
