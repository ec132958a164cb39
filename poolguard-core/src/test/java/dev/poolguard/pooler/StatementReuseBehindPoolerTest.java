package dev.poolguard.pooler;

import dev.poolguard.Database;
import dev.poolguard.Pg;
import dev.poolguard.embedded.PgBouncer;
import dev.poolguard.embedded.SystemTool;
import dev.poolguard.embedded.junit.RequiresTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run that failed 1,341 of 3,200 iterations before Poolguard knew about poolers: a plain URL to PgBouncer in
 * transaction mode, 8 threads reusing the same statements (pgjdbc prepares them server-side after 5 uses).
 */
@RequiresTool(SystemTool.PGBOUNCER)
class StatementReuseBehindPoolerTest {

    private static final Logger log = LoggerFactory.getLogger(StatementReuseBehindPoolerTest.class);
    private static PgBouncer bouncer;

    @BeforeAll
    static void start() {
        Pg.server().execute("drop table if exists reuse_items");
        Pg.server().execute("create table reuse_items (id int primary key, v text not null, n bigint not null default 0)");
        Pg.server().execute("insert into reuse_items select g, 'item ' || g, 0 from generate_series(1, 100) g");
        bouncer = PgBouncer.in(Pg.server()).mode(PgBouncer.PoolMode.TRANSACTION).defaultPoolSize(3).start();
    }

    @AfterAll
    static void stop() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    @Test
    void readsAndTransactionsReuseStatementsThroughATransactionPoolerWithoutAFailure() throws Exception {
        int threads = 8;
        int iterations = 400;
        AtomicLong reads = new AtomicLong();
        AtomicLong transactions = new AtomicLong();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        try (Database db = Database.builder().url(bouncer.url()).poolName("reuse").maxPoolSize(8).minIdle(0)
                .connectionTimeout(Duration.ofSeconds(10)).build()) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < iterations; i++) {
                        int id = 1 + (seed * 31 + i) % 100;
                        try {
                            String v = db.queryOne("select v from reuse_items where id = ?", rs -> rs.getString(1), id).orElseThrow();
                            assertThat(v).isEqualTo("item " + id);
                            reads.incrementAndGet();
                            db.transaction(tx -> tx.update("update reuse_items set n = n + 1 where id = ?", id));
                            transactions.incrementAndGet();
                        } catch (RuntimeException | AssertionError e) {
                            failures.merge(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()), 1, Integer::sum);
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread w : workers) {
                w.join();
            }
            long applied = db.queryOne("select sum(n) from reuse_items", rs -> rs.getLong(1)).orElseThrow();
            log.info("REUSE reads={} transactions={} failures={} applied={}", reads, transactions, failures, applied);
            assertThat(failures).as("failures by message").isEmpty();
            assertThat(reads.get()).isEqualTo((long) threads * iterations);
            assertThat(applied).as("every counted transaction applied once").isEqualTo(transactions.get())
                    .isEqualTo((long) threads * iterations);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
