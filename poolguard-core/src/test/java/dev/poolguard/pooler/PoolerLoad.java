package dev.poolguard.pooler;

import dev.poolguard.Database;
import dev.poolguard.Pg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readers and writers through a pooler while a test disrupts it: reads of a row, and transactions that increment a
 * counter and log the increment, so "applied exactly once" is checkable (counter sum = log rows = successes).
 */
final class PoolerLoad implements AutoCloseable {

    final String table;
    final AtomicLong reads = new AtomicLong();
    final AtomicLong transactions = new AtomicLong();
    final Map<String, Integer> failures = new ConcurrentHashMap<>();
    final AtomicLong lastSuccessNanos = new AtomicLong(System.nanoTime());
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();

    static void createTable(String table, int rows) {
        Pg.server().execute("drop table if exists " + table + ", " + table + "_log");
        Pg.server().execute("create table " + table + " (id int primary key, n bigint not null default 0)");
        Pg.server().execute("create table " + table + "_log (id bigserial primary key, row_id int not null)");
        Pg.server().execute("insert into " + table + " (id) select g from generate_series(0, " + (rows - 1) + ") g");
    }

    PoolerLoad(String table) {
        this.table = table;
    }

    PoolerLoad start(Database db, int threads) {
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    try {
                        if (i++ % 2 == 0) {
                            db.queryOne("select n from " + table + " where id = ?", rs -> rs.getLong(1), id).orElseThrow();
                            reads.incrementAndGet();
                        } else {
                            db.transaction(tx -> {
                                tx.update("update " + table + " set n = n + 1 where id = ?", id);
                                return tx.update("insert into " + table + "_log (row_id) values (?)", id);
                            });
                            transactions.incrementAndGet();
                        }
                        lastSuccessNanos.set(System.nanoTime());
                    } catch (RuntimeException e) {
                        failures.merge(e.getClass().getSimpleName() + ": " + StatementReuseBehindPoolerTest.firstLine(e.getMessage()),
                                1, Integer::sum);
                    }
                }
            }, table + "-" + t);
            workers.add(worker);
            worker.start();
        }
        return this;
    }

    long ops() {
        return reads.get() + transactions.get();
    }

    /** Waits until {@code more} operations succeeded after now, or fails after {@code within}. */
    void awaitProgress(long more, Duration within) throws InterruptedException {
        long target = ops() + more;
        long deadline = System.nanoTime() + within.toNanos();
        while (ops() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no progress: " + ops() + " of " + target + " ops within " + within + "; failures " + failures);
            }
            Thread.sleep(10);
        }
    }

    /** Counter sum and log rows, read directly from the server. */
    long[] applied() {
        try (var c = Pg.server().connect(); var s = c.createStatement();
             var rs = s.executeQuery("select (select coalesce(sum(n), 0) from " + table + "), (select count(*) from " + table + "_log)")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread w : workers) {
            w.join(30_000);
            if (w.isAlive()) {
                throw new AssertionError("a worker hung: " + w.getName() + " " + java.util.Arrays.toString(w.getStackTrace()));
            }
        }
    }
}
