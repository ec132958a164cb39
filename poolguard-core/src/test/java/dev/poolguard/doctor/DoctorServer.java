package dev.poolguard.doctor;

import dev.poolguard.embedded.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A server of the doctor tests' own: 60 connections like the incidents' Supabase plan, pg_stat_statements loaded, one
 * database ({@code doctor}) whose settings the tests change, and a role that must give its password.
 */
final class DoctorServer {

    static final String DATABASE = "doctor";
    static final String PASSWORD_ROLE = "doctor_pw";
    static final String PASSWORD = "s3cret-Doctor-pw";

    private static EmbeddedPostgresServer server;

    private DoctorServer() {
    }

    static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            EmbeddedPostgresServer s = EmbeddedPostgresServer.builder()
                    .serverConfig("max_connections", "60")
                    .serverConfig("shared_preload_libraries", "pg_stat_statements")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "doctor-postgres-stop"));
            s.execute("create database " + DATABASE);
            s.createPasswordRole(PASSWORD_ROLE, PASSWORD);
            server = s;
            execute("create extension pg_stat_statements");
        }
        return server;
    }

    /** {@code postgres://postgres@127.0.0.1:PORT/doctor} (trust authentication for postgres). */
    static String url() {
        return "postgres://postgres@127.0.0.1:" + server().port() + "/" + DATABASE;
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server().port() + "/" + DATABASE + "?user=postgres");
    }

    static void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "': " + e.getMessage(), e);
        }
    }

    static long queryLong(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "': " + e.getMessage(), e);
        }
    }

    /** Waits (bounded) until some other session is in {@code state} running SQL like {@code pattern}. */
    static void awaitSession(String state, String pattern) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> queryLong(
                "select count(*) from pg_stat_activity where state = '" + state + "' and query like '" + pattern.replace("'", "''") + "'") > 0);
    }
}
