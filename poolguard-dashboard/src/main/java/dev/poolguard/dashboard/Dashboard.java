package dev.poolguard.dashboard;

import com.sun.net.httpserver.HttpServer;
import dev.poolguard.Database;
import dev.poolguard.InvalidConfigurationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The live pool dashboard on the JDK's built-in HTTP server: the page, its JSON APIs and {@code /metrics}.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(db, 8081)) {    // http://127.0.0.1:8081/
 *     ...
 * }
 * }</pre>
 *
 * <p>Bound to {@value #DEFAULT_BIND_ADDRESS} unless told otherwise; any other address (another interface, or
 * {@code 0.0.0.0}) needs an {@linkplain Builder#accessToken access token}, which every request must then carry. It
 * speaks plain HTTP: beyond this machine put it behind TLS. Inside a web framework, mount {@link DashboardHandler}
 * instead.
 */
public final class Dashboard implements AutoCloseable {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** Default time a request may take to arrive, and its response to leave (the handler's own time aside). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Request threads: the page makes four small requests a second per viewer. */
    static final int THREADS = 2;

    private final HttpServer server;
    private final RequestThreads executor;
    private final DashboardHandler handler;
    private final URI uri;

    private Dashboard(HttpServer server, RequestThreads executor, DashboardHandler handler) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
        InetSocketAddress at = server.getAddress();
        String host = at.getAddress().isAnyLocalAddress() ? DEFAULT_BIND_ADDRESS : at.getAddress().getHostAddress();
        this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort() + "/");
    }

    /** Serves the dashboard of {@code db} on 127.0.0.1:{@code port} (0 picks a free port). */
    public static Dashboard start(Database db, int port) {
        return builder(db).port(port).start();
    }

    public static Builder builder(Database db) {
        return new Builder(db);
    }

    /** Where the page is, e.g. {@code http://127.0.0.1:8081/} (for a wildcard bind, the loopback address). */
    public URI uri() {
        return uri;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The handler behind the server. */
    public DashboardHandler handler() {
        return handler;
    }

    /** Stops the server at once, then the handler's sampler. */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
        handler.close();
    }

    @Override
    public String toString() {
        return "Dashboard[" + uri + "]";
    }

    /** Configures and starts a {@link Dashboard}. */
    public static final class Builder {
        private final Database db;
        private final DashboardHandler.Builder handler;
        private int port;
        private InetAddress bindAddress;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;

        private Builder(Database db) {
            this.db = Objects.requireNonNull(db, "db");
            this.handler = DashboardHandler.builder(db);
        }

        /** TCP port, 0..65535; 0 (the default) picks a free one, see {@link Dashboard#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new InvalidConfigurationException("port", port + " is out of range 0..65535");
            }
            this.port = port;
            return this;
        }

        /**
         * The local address to listen on, as an IP literal or a name of this machine; default
         * {@value #DEFAULT_BIND_ADDRESS}. Anything but a loopback address requires {@link #accessToken}.
         */
        public Builder bindAddress(String address) {
            if (address == null || address.isBlank()) {
                throw new InvalidConfigurationException("bindAddress", "is empty; give an address such as 127.0.0.1");
            }
            try {
                this.bindAddress = InetAddress.getByName(address.trim());
            } catch (UnknownHostException e) {
                throw new InvalidConfigurationException("bindAddress", "'" + address + "' is not an address of this machine");
            }
            return this;
        }

        /** Requires this secret on every request (see {@link DashboardHandler.Builder#accessToken}). */
        public Builder accessToken(String accessToken) {
            handler.accessToken(accessToken);
            return this;
        }

        /**
         * How long a request may take to arrive, and its response to leave, before the connection is closed; 1s to 5m,
         * default 10s. Slow or stalled clients cannot hold the request threads.
         */
        public Builder readTimeout(Duration timeout) {
            java.util.Objects.requireNonNull(timeout, "readTimeout");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
                String value = timeout.getSeconds() >= 1 ? timeout.getSeconds() + "s" : timeout.toMillis() + "ms";
                throw new InvalidConfigurationException("readTimeout", value + " is out of range 1s..5m");
            }
            this.readTimeout = timeout;
            return this;
        }

        /** Mark the access cookie {@code Secure}: for a dashboard reached through a TLS proxy (see {@link DashboardHandler.Builder#secureCookie}). */
        public Builder secureCookie(boolean secure) {
            handler.secureCookie(secure);
            return this;
        }

        /** Where {@code /metrics} text comes from (see {@link DashboardHandler.Builder#metrics}). */
        public Builder metrics(Supplier<String> prometheusText) {
            handler.metrics(prometheusText);
            return this;
        }

        /** Binds the port and serves. Fails when the address needs a token and has none, or the port is taken. */
        public Dashboard start() {
            InetAddress address = bindAddress != null ? bindAddress : InetAddress.getLoopbackAddress();
            if (!address.isLoopbackAddress() && !handler.hasToken()) {
                throw new InvalidConfigurationException("accessToken", "is required to bind " + address.getHostAddress()
                        + ", which is not a loopback address: anyone who can reach it would see the lease table. Set"
                        + " accessToken(...) (at least " + AccessToken.MIN_LENGTH + " characters) or bind "
                        + DEFAULT_BIND_ADDRESS);
            }
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(address, port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("could not listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
            }
            DashboardHandler h = handler.build();
            RequestThreads executor = new RequestThreads(db.config().poolName() + "-dashboard", THREADS, readTimeout);
            server.setExecutor(executor);
            server.createContext("/", new JdkHttpAdapter(h, ""));
            server.start();
            return new Dashboard(server, executor, h);
        }
    }
}
