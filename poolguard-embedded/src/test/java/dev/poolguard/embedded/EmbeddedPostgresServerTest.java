package dev.poolguard.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresServerTest {

    private static Connection connect(EmbeddedPostgresServer server, String password) throws SQLException {
        Properties p = new Properties();
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(server.jdbcUrl(), p);
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aServerThatRequiresAPasswordRefusesEveryTcpLoginWithoutIt() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.builder().requirePassword().start()) {
            String password = server.password();
            assertThat(password).hasSize(32);
            assertThat(server.url()).doesNotContain(password);
            assertThat(server.jdbcUrl()).doesNotContain(password);
            assertThat(server.toString()).doesNotContain(password).contains("password required");

            assertThatThrownBy(() -> connect(server, null)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "08004"));
            assertThatThrownBy(() -> connect(server, "postgres")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            try (Connection c = connect(server, password)) {
                assertThat(one(c, "select rolpassword from pg_authid where rolname = 'postgres'")).startsWith("SCRAM-SHA-256$");
                assertThat(one(c, "select string_agg(distinct auth_method, ',') from pg_hba_file_rules where type = 'host'"))
                        .isEqualTo("scram-sha-256");
                assertThat(one(c, "select setting from pg_settings where name = 'unix_socket_permissions'")).isEqualTo("0700");
            }
            try (Connection c = server.connect()) {
                assertThat(one(c, "select current_user")).isEqualTo("postgres");
            }
            String socketDirectory;
            try (Connection c = server.connect()) {
                socketDirectory = one(c, "select setting from pg_settings where name = 'unix_socket_directories'");
            }
            assertThat(Files.getPosixFilePermissions(java.nio.file.Path.of(socketDirectory)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE);

            // a restart on the same data directory keeps requiring it
            server.restart();
            assertThatThrownBy(() -> connect(server, null)).isInstanceOf(SQLException.class);
            try (Connection c = connect(server, password)) {
                assertThat(one(c, "select 1")).isEqualTo("1");
            }
            assertThat(server.terminateClientBackends(null)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aTestServerStillTrustsLoopbackForSpeed() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(); Connection c = connect(server, null)) {
            assertThat(server.password()).isNull();
            assertThat(one(c, "select 1")).isEqualTo("1");
        }
    }
}
