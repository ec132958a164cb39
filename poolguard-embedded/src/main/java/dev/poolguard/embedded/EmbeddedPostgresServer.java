package dev.poolguard.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server run from zonky's embedded binaries, bound to 127.0.0.1.
 *
 * <p>Unlike zonky's own handle it can be stopped and started again on the same data directory and port,
 * which is what chaos tests need to simulate a provider restart. Not thread-safe: one owner drives it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** Superuser created by initdb; the password is ignored (trust authentication on loopback). */
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final Path dataDirectory;
    private final int port;
    private final Map<String, String> serverConfig;
    private final boolean deleteOnClose;
    private final boolean stopOnJvmExit;
    private EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedPostgresServer(Path dataDirectory, int port, Map<String, String> serverConfig, boolean deleteOnClose,
                                   boolean stopOnJvmExit) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.serverConfig = Map.copyOf(serverConfig);
        this.deleteOnClose = deleteOnClose;
        this.stopOnJvmExit = stopOnJvmExit;
    }

    /** Starts a server with default settings on a free port and a fresh temporary data directory. */
    public static EmbeddedPostgresServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    /** {@code postgres://postgres@127.0.0.1:PORT/postgres}, the form providers hand out. */
    public String url() {
        return "postgres://" + USER + "@127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** Stops the server (fast shutdown: clients get 57P01) and keeps the data directory for {@link #startAgain()}. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL on port " + port, e);
        } finally {
            postgres = null;
        }
    }

    /** Starts the server again on the same data directory and port after {@link #stop()}. */
    public synchronized void startAgain() {
        if (closed) {
            throw new IllegalStateException("embedded PostgreSQL on port " + port + " is closed");
        }
        if (postgres != null) {
            return;
        }
        postgres = launch(dataDirectory, port, serverConfig, stopOnJvmExit);
    }

    /** Stop then start on the same data directory and port. */
    public synchronized void restart() {
        stop();
        startAgain();
    }

    /** Opens a plain JDBC connection as the superuser, outside any pool: for test setup and fault injection. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /**
     * Terminates every client backend except the caller's own, as a provider does when it scales to zero or
     * restarts its pooler. Returns how many backends were terminated.
     */
    public int terminateClientBackends(String applicationNameLike) {
        try (Connection c = connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                     + " where pid <> pg_backend_pid() and backend_type = 'client backend'"
                     + (applicationNameLike == null ? "" : " and application_name like '" + applicationNameLike.replace("'", "''") + "'"))) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate backends on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Runs one SQL statement as the superuser (test setup). */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * Creates a login role that must give its password over TCP (the server trusts loopback for everyone else): for
     * tests of wrong credentials. The pg_hba.conf line goes first, for this role only, and the server reloads it.
     */
    public void createPasswordRole(String role, String password) {
        if (!role.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("role must be a plain lower-case identifier, was '" + role + "'");
        }
        execute("create role " + role + " login password '" + password.replace("'", "''") + "'");
        Path hba = dataDirectory.resolve("pg_hba.conf");
        try {
            Files.writeString(hba, "host all " + role + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
        } catch (IOException e) {
            throw new UncheckedIOException("could not edit " + hba, e);
        }
        execute("select pg_reload_conf()");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (deleteOnClose) {
            deleteRecursively(dataDirectory);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[" + url() + ", running=" + isRunning() + "]";
    }

    private static EmbeddedPostgres launch(Path dataDirectory, int port, Map<String, String> serverConfig, boolean stopOnJvmExit) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(stopOnJvmExit)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30));
            serverConfig.forEach(builder::setServerConfig);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL on port " + port + " in " + dataDirectory, e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp directory is harmless
        }
    }

    /** Settings for a new server. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private final Map<String, String> serverConfig = new LinkedHashMap<>();
        private boolean stopOnJvmExit = true;

        private Builder() {
            // Keep test servers quick and small; durability is not what they test.
            serverConfig.put("fsync", "off");
            serverConfig.put("synchronous_commit", "off");
            serverConfig.put("full_page_writes", "off");
            serverConfig.put("max_connections", "300");
            serverConfig.put("listen_addresses", "127.0.0.1");
        }

        /** Data directory to use (kept on close); default a fresh temporary directory deleted on close. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** TCP port on 127.0.0.1; default a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** A {@code postgresql.conf} setting, for example {@code max_connections=10}. */
        public Builder serverConfig(String key, String value) {
            serverConfig.put(key, value);
            return this;
        }

        /**
         * Whether the server stops by itself when the JVM exits (default true). An application that closes its own
         * resources in a shutdown hook turns this off and closes the server last: JVM shutdown hooks run concurrently,
         * so the server's own hook would stop it while the application is still draining work against it.
         */
        public Builder stopOnJvmExit(boolean stop) {
            this.stopOnJvmExit = stop;
            return this;
        }

        public EmbeddedPostgresServer start() {
            boolean temporary = dataDirectory == null;
            Path dir;
            try {
                dir = temporary ? Files.createTempDirectory("poolguard-pg-") : dataDirectory;
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a data directory for embedded PostgreSQL", e);
            }
            int chosenPort = port == 0 ? freePort() : port;
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir, chosenPort, serverConfig, temporary, stopOnJvmExit);
            server.startAgain();
            return server;
        }
    }
}
