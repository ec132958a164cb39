package dev.poolguard.bench.pools;

import dev.poolguard.Database;
import dev.poolguard.DatabaseBuilder;

import java.time.Duration;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/** The pool a benchmark trial measures: Poolguard ({@link #db()}) or a peer ({@link #dataSource()}), opened alike. */
public final class Subject implements AutoCloseable {

    private final Database db;
    private final Peers.Opened peer;

    private Subject(Database db, Peers.Opened peer) {
        this.db = db;
        this.peer = peer;
    }

    /**
     * Opens {@code pool} with {@code size} connections at most and {@code minIdle} kept, borrows waiting at most
     * {@code timeout}, named {@code name} (pool and application name): a peer on {@code jdbcUrl}, Poolguard with its
     * defaults plus {@code poolguardSettings}, which give it its URL.
     */
    public static Subject open(Pool pool, String jdbcUrl, int size, int minIdle, Duration timeout, String name,
                               UnaryOperator<DatabaseBuilder> poolguardSettings) {
        if (pool == Pool.POOLGUARD) {
            DatabaseBuilder builder = Database.builder().maxPoolSize(size).minIdle(minIdle).connectionTimeout(timeout)
                    .poolName(name).applicationName(name);
            return new Subject(poolguardSettings.apply(builder).build(), null);
        }
        return new Subject(null, Peers.open(pool, jdbcUrl, size, minIdle, timeout, name));
    }

    /** Poolguard's database, or null for a peer. */
    public Database db() {
        return db;
    }

    /** The peer's data source, or null for Poolguard. */
    public DataSource dataSource() {
        return peer == null ? null : peer.dataSource();
    }

    @Override
    public void close() throws Exception {
        if (db != null) {
            db.close();
        }
        if (peer != null) {
            peer.close();
        }
    }
}
