package dev.poolguard.bench.pgbench;

import dev.poolguard.embedded.EmbeddedPostgresServer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code pgbench_accounts} a point-select trial reads: on the server whose URL the harness passes (where pgbench
 * also runs), or, when the benchmark runs on its own, on an embedded server started for the trial.
 */
public final class Accounts implements AutoCloseable {

    private final EmbeddedPostgresServer ownServer;
    private final String jdbcUrl;
    private final int count;

    private Accounts(EmbeddedPostgresServer ownServer, String jdbcUrl) {
        this.ownServer = ownServer;
        this.jdbcUrl = jdbcUrl;
        this.count = PgBench.accounts(jdbcUrl);
    }

    /** The accounts at {@code jdbcUrl}, or on a new server with a fresh table when it is empty. */
    public static Accounts at(String jdbcUrl) {
        if (!jdbcUrl.isEmpty()) {
            return new Accounts(null, jdbcUrl);
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
        PgBench.createAccounts(server);
        return new Accounts(server, server.jdbcUrl());
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A random account id, as {@code pgbench -S} draws it. */
    public int randomId() {
        return 1 + ThreadLocalRandom.current().nextInt(count);
    }

    @Override
    public void close() {
        if (ownServer != null) {
            ownServer.close();
        }
    }
}
