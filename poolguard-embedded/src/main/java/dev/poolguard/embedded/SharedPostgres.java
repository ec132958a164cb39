package dev.poolguard.embedded;

/**
 * One embedded PostgreSQL per JVM, started on first use and stopped when the JVM exits, so a whole test run
 * shares one server instead of paying a start per test class.
 */
public final class SharedPostgres {

    private SharedPostgres() {
    }

    private static final class Holder {
        static final EmbeddedPostgresServer SERVER = startShared();

        private static EmbeddedPostgresServer startShared() {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "poolguard-shared-postgres-stop"));
            return server;
        }
    }

    /** The shared server, started if needed. Tests that stop it must start it again before they return. */
    public static EmbeddedPostgresServer server() {
        EmbeddedPostgresServer server = Holder.SERVER;
        if (!server.isRunning()) {
            server.startAgain();
        }
        return server;
    }
}
