package dev.poolguard;

import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Thousands of calls with a failure injected at every point a borrow can fail; afterwards nothing is held. */
class ReleaseOnEveryPathTest {

    enum Fault { NONE, MAPPER_THROWS, MAPPER_SQL_ERROR, CALLBACK_THROWS, CALLBACK_ERROR, DRIVER_THROWS, INTERRUPTED, TX_CALLBACK_THROWS, TX_DRIVER_THROWS }

    @Test
    void everyPathReleasesTheConnection() throws Exception {
        int threads = 8;
        int callsPerThread = 400;
        Map<Fault, AtomicInteger> seen = new ConcurrentHashMap<>();
        try (Database db = Pg.builder().maxPoolSize(3).connectionTimeout(Duration.ofSeconds(5)).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 42 + t;
                futures.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < callsPerThread; i++) {
                        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                        seen.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
                        try {
                            run(db, fault, random.nextInt(3));
                        } catch (RuntimeException | AssertionError expected) {
                            // every injected fault surfaces as an exception; the point is what is left held
                        } finally {
                            Thread.interrupted();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(seen.keySet()).containsExactlyInAnyOrder(Fault.values());
            assertThat(db.diagnostics().status().active()).isZero();
            assertThat(db.diagnostics().status().waiting()).isZero();
            assertThat(db.diagnostics().leases()).isEmpty();
            assertThat(db.diagnostics().status().total()).isLessThanOrEqualTo(3);
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1);
        }
    }

    private static void run(Database db, Fault fault, int shape) {
        switch (fault) {
            case NONE:
                db.query("select g from generate_series(1, 3) g", rs -> rs.getInt(1));
                break;
            case MAPPER_THROWS:
                db.query("select g from generate_series(1, 3) g", rs -> {
                    throw new IllegalStateException("mapper bug");
                });
                break;
            case MAPPER_SQL_ERROR:
                db.queryOne("select 1 as a", rs -> rs.getInt("no_such_column"));
                break;
            case CALLBACK_THROWS:
                db.withConnection(c -> {
                    c.createStatement().executeQuery("select 1");
                    throw new IllegalArgumentException("callback bug");
                });
                break;
            case CALLBACK_ERROR:
                db.withConnection(c -> {
                    throw new AssertionError("an Error, not an Exception");
                });
                break;
            case DRIVER_THROWS:
                if (shape == 0) {
                    db.update("insert into no_such_table values (1)");
                } else if (shape == 1) {
                    db.query("select 1 / 0", rs -> rs.getInt(1));
                } else {
                    db.withConnection(c -> {
                        try (ResultSet rs = c.createStatement().executeQuery("select broken syntax here")) {
                            return rs.next();
                        }
                    });
                }
                break;
            case INTERRUPTED:
                Thread.currentThread().interrupt();
                if (shape == 0) {
                    db.query("select 1", rs -> rs.getInt(1));
                } else {
                    db.withConnection(c -> {
                        Thread.currentThread().interrupt();
                        return c.createStatement().executeQuery("select 1").next();
                    });
                }
                break;
            case TX_CALLBACK_THROWS:
                db.transaction(tx -> {
                    tx.query("select 1", rs -> rs.getInt(1));
                    throw new IllegalStateException("tx bug");
                });
                break;
            case TX_DRIVER_THROWS:
                db.transaction(tx -> {
                    tx.query("select 1", rs -> rs.getInt(1));
                    return tx.update("update no_such_table set x = 1");
                });
                break;
            default:
                throw new IllegalStateException(String.valueOf(fault));
        }
    }

    @SuppressWarnings("unused")
    private static int sqlFailure() throws SQLException {
        throw new SQLException("injected", "XX000");
    }
}
