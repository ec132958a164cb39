package dev.poolguard.example.calls;

import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.embedded.SharedPostgres;

import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database per test class on the JVM's shared embedded PostgreSQL, so classes never see each other's calls. */
final class TestDatabases {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestDatabases() {
    }

    /** {@code postgres://postgres@127.0.0.1:PORT/calls_N}, created empty. */
    static String fresh() {
        EmbeddedPostgresServer server = SharedPostgres.server();
        String name = "calls_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        server.execute("create database " + name);
        return "postgres://" + EmbeddedPostgresServer.USER + "@127.0.0.1:" + server.port() + "/" + name;
    }
}
