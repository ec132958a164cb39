package dev.poolguard.bench;

import dev.poolguard.Database;
import dev.poolguard.bench.pools.Pool;
import dev.poolguard.bench.pools.Subject;
import dev.poolguard.bench.stub.StubDriver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The stub cycles, written once for every benchmark that runs them, on Poolguard's database or a peer's data source:
 *
 * <ul>
 *   <li>connection cycle: borrow and release ({@code withConnection(c -> c)} for Poolguard);</li>
 *   <li>statement cycle: prepare, execute, close on a connection the thread already holds (for Poolguard, the fenced
 *       connection a {@code withConnection} callback gets), lent by a helper thread for the iteration ({@link Held});</li>
 *   <li>query cycle: borrow, prepare, bind, execute, read the one row, close, release ({@code query} for Poolguard,
 *       try-with-resources for the others).</li>
 * </ul>
 */
final class StubCycles {

    static final String SQL = "select balance from accounts where id = ?";
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(8);

    private StubCycles() {
    }

    /**
     * Opens {@code pool} on the stub driver ({@code wrapped}: behind a driver wrapper) with {@code size} connections
     * and opens {@code prefill} of them before any thread starts, so no measurement waits on a pool growing under
     * contention (c3p0 and HikariCP both stalled there in in-process smoke runs).
     */
    static Subject open(Pool pool, int size, int prefill, String name, boolean wrapped) {
        StubDriver.register();
        // Poolguard takes PostgreSQL URLs only; the stub driver it is handed ignores the URL.
        Subject subject = Subject.open(pool, StubDriver.URL, size, 0, BORROW_TIMEOUT, name,
                b -> b.url("postgres://stub@127.0.0.1:5432/stub").driver(wrapped ? StubDriver.anyUrlWrapped() : StubDriver.anyUrl()));
        try {
            holdNested(subject.db(), subject.dataSource(), prefill);
        } catch (SQLException e) {
            throw new IllegalStateException("could not open " + prefill + " connections on " + pool + ": " + e.getMessage(), e);
        }
        return subject;
    }

    /** Holds {@code left} connections at once by nesting borrows (Poolguard lends connections only inside callbacks). */
    private static void holdNested(Database db, DataSource ds, int left) throws SQLException {
        if (left == 0) {
            return;
        }
        if (db != null) {
            db.withConnection(c -> {
                holdNested(db, ds, left - 1);
                return null;
            });
            return;
        }
        try (Connection c = ds.getConnection()) {
            holdNested(db, ds, left - 1);
        }
    }

    static Object connection(Database db, DataSource ds) throws SQLException {
        if (db != null) {
            return db.withConnection(c -> c);
        }
        try (Connection c = ds.getConnection()) {
            return c;
        }
    }

    static Object statement(Connection held) throws SQLException {
        PreparedStatement ps = held.prepareStatement(SQL);
        ps.execute();
        ps.close();
        return ps;
    }

    static List<Long> query(Database db, DataSource ds) throws SQLException {
        if (db != null) {
            return db.query(SQL, rs -> rs.getLong(1), 42);
        }
        return Jdbc.query(ds, SQL, 42);
    }

    /**
     * A connection a benchmark thread holds for one iteration. A helper thread borrows it the way each pool's users
     * would (Poolguard lends connections only inside a callback; the peers in try-with-resources) and stays in that
     * scope, holding it, while the benchmark thread works on it.
     */
    static final class Held {
        private Connection connection;
        private Thread holder;
        private CountDownLatch release;

        void borrow(Database db, DataSource ds) throws Exception {
            CompletableFuture<Connection> lent = new CompletableFuture<>();
            CountDownLatch done = new CountDownLatch(1);
            release = done;
            holder = new Thread(() -> lend(db, ds, lent, done), "bench-held-connection");
            holder.start();
            connection = lent.get(10, TimeUnit.SECONDS);
        }

        Connection connection() {
            return connection;
        }

        void release() throws InterruptedException {
            if (holder != null) {
                release.countDown();
                holder.join(10_000);
                holder = null;
            }
        }

        private static void lend(Database db, DataSource ds, CompletableFuture<Connection> lent, CountDownLatch done) {
            try {
                if (db != null) {
                    db.withConnection(c -> {
                        lent.complete(c);
                        awaitQuietly(done);
                        return null;
                    });
                    return;
                }
                try (Connection c = ds.getConnection()) {
                    lent.complete(c);
                    awaitQuietly(done);
                }
            } catch (SQLException | RuntimeException e) {
                lent.completeExceptionally(e);
            }
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
