package dev.poolguard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's real PgBouncer ({@code apt-get install pgbouncer}) run as a child process in front of a PostgreSQL server on
 * 127.0.0.1: what Supabase's Supavisor, Neon's {@code -pooler} endpoints and self-hosted poolers put between an
 * application and its database. Tests, the demo and benchmarks drive it: stop it (SIGTERM, as a restart does), start it
 * again on the same port, and issue admin commands ({@code PAUSE}, {@code RESUME}, {@code SHOW POOLS}).
 *
 * <p>PgBouncer refuses to run as root; when this JVM is root it is started with {@code -u nobody}. Not thread-safe:
 * one owner drives it.
 */
public final class PgBouncer implements AutoCloseable {

    /** How PgBouncer hands server connections to clients. */
    public enum PoolMode { SESSION, TRANSACTION, STATEMENT }

    /** The user allowed on the admin console (database {@code pgbouncer}). */
    public static final String ADMIN_USER = "postgres";

    private final Path directory;
    private final Path configFile;
    private final Path logFile;
    private final int port;
    private final PoolMode mode;
    private Process process;
    private boolean closed;

    private PgBouncer(Path directory, Path configFile, int port, PoolMode mode) {
        this.directory = directory;
        this.configFile = configFile;
        this.logFile = directory.resolve("pgbouncer.log");
        this.port = port;
        this.mode = mode;
    }

    /** A PgBouncer in front of {@code server} with the given settings; call {@link Builder#start()}. */
    public static Builder in(EmbeddedPostgresServer server) {
        return new Builder("127.0.0.1", server.port());
    }

    /** A PgBouncer in front of a server on {@code host:port}. */
    public static Builder in(String host, int port) {
        return new Builder(host, port);
    }

    public int port() {
        return port;
    }

    public PoolMode mode() {
        return mode;
    }

    /** {@code postgres://postgres@127.0.0.1:PORT/postgres}: a plain URL a user would be given, nothing pooler-specific. */
    public String url() {
        return "postgres://" + EmbeddedPostgresServer.USER + "@127.0.0.1:" + port + "/" + EmbeddedPostgresServer.DATABASE;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedPostgresServer.DATABASE + "?user=" + EmbeddedPostgresServer.USER;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the process (again, after {@link #stop()}) on the same port and configuration; returns when it listens. */
    public synchronized PgBouncer startAgain() {
        if (closed) {
            throw new IllegalStateException("PgBouncer on port " + port + " is closed");
        }
        if (isRunning()) {
            return this;
        }
        List<String> command = new ArrayList<>();
        command.add(SystemTool.PGBOUNCER.require().toString());
        if (isRoot()) {
            // PgBouncer refuses to run as root.
            command.add("-u");
            command.add("nobody");
        }
        command.add(configFile.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("pgbouncer.out").toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        awaitListening(Duration.ofSeconds(15));
        return this;
    }

    /**
     * SIGTERM, as a deploy or a provider's pooler restart does: PgBouncer 1.18 shuts down at once, closing every client.
     * Waits for the process to exit.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process = null;
        }
    }

    /** Stop, then start again on the same port. */
    public synchronized void restart() {
        stop();
        startAgain();
    }

    /**
     * Runs a command on the admin console ({@code PAUSE}, {@code RESUME}, {@code RECONNECT}, ...) with {@code psql}:
     * pgjdbc cannot open the console, which refuses the {@code SET extra_float_digits} pgjdbc sends to servers whose
     * version (here PgBouncer's own) is below 12.
     */
    public String admin(String command) {
        List<String> psql = List.of(SystemTool.PSQL.require().toString(), "-X", "-q", "-A", "-F", "\t", "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", ADMIN_USER, "-d", "pgbouncer", "-c", command);
        try {
            Process p = new ProcessBuilder(psql).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("PgBouncer admin command '" + command + "' did not finish within 15s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("PgBouncer admin command '" + command + "' failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run psql for PgBouncer admin command '" + command + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during PgBouncer admin command '" + command + "'", e);
        }
    }

    /** {@code SHOW POOLS} for the {@code postgres} database: column name to value. */
    public Map<String, String> pool() {
        String[] lines = admin("SHOW POOLS").strip().split("\n");
        String[] header = lines[0].split("\t", -1);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split("\t", -1);
            if (cells.length == header.length && EmbeddedPostgresServer.DATABASE.equals(cells[0])) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.length; c++) {
                    row.put(header[c], cells[c]);
                }
                return row;
            }
        }
        return Map.of();
    }

    /** The end of PgBouncer's log, for test failure messages. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp directory is harmless
        }
    }

    @Override
    public String toString() {
        return "PgBouncer[" + mode.name().toLowerCase(Locale.ROOT) + " mode, 127.0.0.1:" + port + ", running=" + isRunning() + "]";
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited with " + process.exitValue() + " at start:\n" + logTail(20)
                        + "\n" + readQuietly(directory.resolve("pgbouncer.out")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while PgBouncer started", e);
                }
            }
        }
        throw new IllegalStateException("PgBouncer did not listen on 127.0.0.1:" + port + " within " + timeout.toSeconds() + "s:\n"
                + logTail(20));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Settings of a new PgBouncer; defaults are PgBouncer's own except where noted. */
    public static final class Builder {
        private final String serverHost;
        private final int serverPort;
        private int port;
        private PoolMode mode = PoolMode.TRANSACTION;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, String> users = new LinkedHashMap<>();

        private Builder(String serverHost, int serverPort) {
            this.serverHost = serverHost;
            this.serverPort = serverPort;
            settings.put("default_pool_size", "3");
            settings.put("max_client_conn", "200");
            // pgjdbc sends extra_float_digits at startup; PgBouncer refuses unknown startup parameters otherwise.
            settings.put("ignore_startup_parameters", "extra_float_digits");
            settings.put("server_login_retry", "1");
            users.put(EmbeddedPostgresServer.USER, "");
        }

        /** TCP port on 127.0.0.1; default a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder mode(PoolMode mode) {
            this.mode = mode;
            return this;
        }

        /** Server connections per user and database (PgBouncer's {@code default_pool_size}); default 3 here. */
        public Builder defaultPoolSize(int size) {
            return setting("default_pool_size", Integer.toString(size));
        }

        public Builder maxClientConn(int max) {
            return setting("max_client_conn", Integer.toString(max));
        }

        /** Seconds a client's query may wait for a server connection before PgBouncer closes the client. */
        public Builder queryWaitTimeout(int seconds) {
            return setting("query_wait_timeout", Integer.toString(seconds));
        }

        /** Any {@code [pgbouncer]} setting from pgbouncer.ini. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** A user and the password PgBouncer passes on to the server (empty with trust authentication). */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        public PgBouncer start() {
            try {
                Path dir = Files.createTempDirectory("poolguard-pgbouncer-");
                // PgBouncer runs as nobody when we are root: it must read the config and write its log here.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
                int chosenPort = port == 0 ? EmbeddedPostgresServer.freePort() : port;
                StringBuilder users = new StringBuilder();
                this.users.forEach((u, p) -> users.append('"').append(u).append("\" \"").append(p.replace("\"", "\"\"")).append("\"\n"));
                Path userlist = dir.resolve("userlist.txt");
                Files.writeString(userlist, users);
                StringBuilder ini = new StringBuilder();
                ini.append("[databases]\n* = host=").append(serverHost).append(" port=").append(serverPort).append("\n\n");
                ini.append("[pgbouncer]\n");
                ini.append("listen_addr = 127.0.0.1\nlisten_port = ").append(chosenPort).append('\n');
                ini.append("unix_socket_dir =\n");
                ini.append("auth_type = ").append(this.users.values().stream().allMatch(String::isEmpty) ? "trust" : "scram-sha-256").append('\n');
                ini.append("auth_file = ").append(userlist).append('\n');
                ini.append("admin_users = ").append(ADMIN_USER).append('\n');
                ini.append("pool_mode = ").append(mode.name().toLowerCase(Locale.ROOT)).append('\n');
                ini.append("logfile = ").append(dir.resolve("pgbouncer.log")).append('\n');
                ini.append("pidfile = ").append(dir.resolve("pgbouncer.pid")).append('\n');
                settings.forEach((k, v) -> ini.append(k).append(" = ").append(v).append('\n'));
                Path config = dir.resolve("pgbouncer.ini");
                Files.writeString(config, ini);
                for (Path f : List.of(userlist, config)) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                }
                return new PgBouncer(dir, config, chosenPort, mode).startAgain();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write PgBouncer's configuration", e);
            }
        }
    }
}
