package dev.poolguard.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server run from zonky's embedded binaries, bound to 127.0.0.1.
 *
 * <p>By default it trusts every connection from this machine as the superuser, which suits a test that lives for
 * seconds. A server that listens longer (the reference service's {@code serve}, the demo) is started with
 * {@link Builder#requirePassword()}: a random password, required with SCRAM-SHA-256 on every TCP connection.
 *
 * <p>Unlike zonky's own handle it can be stopped and started again on the same data directory and port,
 * which is what chaos tests need to simulate a provider restart. Not thread-safe: one owner drives it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** Superuser created by initdb: trusted on loopback, or with {@link #password()} when one is required. */
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final Path dataDirectory;
    private final int port;
    private final Map<String, String> serverConfig;
    private final boolean deleteOnClose;
    private final boolean stopOnJvmExit;
    /** The superuser's password and the private directory of the server's socket, or null when it trusts loopback. */
    private final String password;
    private final Path socketDirectory;
    private EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedPostgresServer(Path dataDirectory, int port, Map<String, String> serverConfig, boolean deleteOnClose,
                                   boolean stopOnJvmExit, String password, Path socketDirectory) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.serverConfig = Map.copyOf(serverConfig);
        this.deleteOnClose = deleteOnClose;
        this.stopOnJvmExit = stopOnJvmExit;
        this.password = password;
        this.socketDirectory = socketDirectory;
    }

    /** Starts a server with default settings on a free port and a fresh temporary data directory. */
    public static EmbeddedPostgresServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres}; never with the {@link #password()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    /**
     * {@code postgres://postgres@127.0.0.1:PORT/postgres}, the form providers hand out; never with the
     * {@link #password()}, which goes to the client separately ({@code DatabaseBuilder.password(...)}).
     */
    public String url() {
        return "postgres://" + USER + "@127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    /** The superuser's password when one is required ({@link Builder#requirePassword()}), else null. */
    public String password() {
        return password;
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
        postgres = launch();
        if (password != null) {
            setPassword();
        }
    }

    /** Stop then start on the same data directory and port. */
    public synchronized void restart() {
        stop();
        startAgain();
    }

    /** Opens a plain JDBC connection as the superuser, outside any pool: for test setup and fault injection. */
    public Connection connect() throws SQLException {
        Properties credentials = new Properties();
        if (password != null) {
            credentials.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(), credentials);
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
        if (socketDirectory != null) {
            deleteRecursively(socketDirectory);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[" + url() + (password == null ? ", trusts loopback" : ", password required")
                + ", running=" + isRunning() + "]";
    }

    private EmbeddedPostgres launch() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(stopOnJvmExit)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30));
            serverConfig.forEach(builder::setServerConfig);
            if (password != null) {
                // Rewritten at every start, before the server reads it; zonky checks readiness over the socket.
                builder.setDataDirectoryCustomizer(dir -> writePasswordRules(dir.toPath()));
                socketProperties().forEach((k, v) -> builder.setConnectConfig((String) k, (String) v));
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL on port " + port + " in " + dataDirectory, e);
        }
    }

    /**
     * Only the Unix socket, in a directory only this user can open, is trusted (it is how the password is set before
     * anyone can log in); over TCP every user needs a password, checked with SCRAM-SHA-256.
     */
    private static void writePasswordRules(Path dataDirectory) {
        String rules = "# Written by Poolguard's EmbeddedPostgresServer at every start.\n"
                + "local all all trust\n"
                + "host all all 127.0.0.1/32 scram-sha-256\n"
                + "host all all ::1/128 scram-sha-256\n";
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), rules);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write pg_hba.conf in " + dataDirectory, e);
        }
    }

    /** Driver properties that connect through the server's Unix socket instead of TCP. */
    private Properties socketProperties() {
        Properties p = new Properties();
        p.setProperty("socketFactory", UnixSocketFactory.class.getName());
        p.setProperty("socketFactoryArg", socketDirectory.resolve(".s.PGSQL." + port).toString());
        p.setProperty("sslmode", "disable");
        p.setProperty("gssEncMode", "disable");
        return p;
    }

    /** Sets the superuser's password through the socket; the driver sends only its SCRAM verifier. */
    private void setPassword() {
        Properties p = socketProperties();
        p.setProperty("user", USER);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + DATABASE, p)) {
            c.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the superuser's password on embedded PostgreSQL on port " + port
                    + ": " + e.getMessage(), e);
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
        private boolean requirePassword;

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

        /**
         * Generate a random password for the superuser ({@link EmbeddedPostgresServer#password()}) and require it,
         * checked with SCRAM-SHA-256, on every TCP connection; the server's Unix socket moves to a directory only this
         * user can open. For any server that listens longer than a test: by default, every local user of the machine
         * can connect as the superuser.
         */
        public Builder requirePassword() {
            this.requirePassword = true;
            return this;
        }

        public EmbeddedPostgresServer start() {
            boolean temporary = dataDirectory == null;
            Path dir;
            Path socketDirectory = null;
            String password = null;
            Map<String, String> config = new LinkedHashMap<>(serverConfig);
            try {
                dir = temporary ? Files.createTempDirectory("poolguard-pg-") : dataDirectory;
                if (requirePassword) {
                    socketDirectory = Files.createTempDirectory("poolguard-pg-socket-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    config.put("unix_socket_directories", socketDirectory.toString());
                    config.put("unix_socket_permissions", "0700");
                    config.put("password_encryption", "scram-sha-256");
                    password = generatePassword();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a data directory for embedded PostgreSQL", e);
            }
            int chosenPort = port == 0 ? freePort() : port;
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir, chosenPort, config, temporary, stopOnJvmExit,
                    password, socketDirectory);
            server.startAgain();
            return server;
        }

        /** 32 characters from 192 random bits, URL-safe so it needs no quoting anywhere. */
        private static String generatePassword() {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
