package dev.poolguard.cli;

import dev.poolguard.Database;
import dev.poolguard.PoolStatus;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ./poolguard demo}: an embedded PostgreSQL and a mixed read/write workload through {@link Database} from
 * several threads, with a status line a second and a {@code SUMMARY} line at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a mixed read/write workload through Poolguard against an embedded PostgreSQL.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "30s", description = "How long to run (e.g. 10s, 2m). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--threads", defaultValue = "8", description = "Worker threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--pool-size", defaultValue = "8", description = "Pool maximum size. Default: ${DEFAULT-VALUE}.")
    int poolSize;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || threads > 256) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--threads must be 1..256, was " + threads);
        }
        out.println("Starting embedded PostgreSQL...");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
             Database db = Database.builder().url(server.url()).maxPoolSize(poolSize).minIdle(2)
                     .applicationName("poolguard-demo").build()) {
            out.println("PostgreSQL " + db.testConnection().serverVersion() + " on " + server.url());
            return run(db);
        }
    }

    int run(Database db) throws InterruptedException {
        db.update("create table if not exists demo_accounts (id int primary key, balance bigint not null, updated timestamptz)");
        db.update("insert into demo_accounts (id, balance) select g, 1000 from generate_series(1, 1000) g on conflict do nothing");

        LongAdder ops = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicInteger maxActive = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = 1000 + t;
            Thread worker = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                    while (!stop.get()) {
                        try {
                            step(db, random);
                            ops.increment();
                        } catch (RuntimeException e) {
                            failed.increment();
                            System.err.println("operation failed: " + e.getMessage());
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "demo-worker-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        Thread interrupt = new Thread(() -> stop.set(true));
        Runtime.getRuntime().addShutdownHook(interrupt);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextLine = start + TimeUnit.SECONDS.toNanos(1);
        while (!stop.get() && System.nanoTime() < end) {
            PoolStatus s = db.status();
            maxActive.accumulateAndGet(s.active(), Math::max);
            if (System.nanoTime() >= nextLine) {
                long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                out.printf(Locale.ROOT, "[%3ds] ops=%d failed=%d pool %s%n", elapsed, ops.sum(), failed.sum(), s);
                nextLine += TimeUnit.SECONDS.toNanos(1);
            }
            Thread.sleep(20);
        }
        stop.set(true);
        done.await(30, TimeUnit.SECONDS);
        try {
            Runtime.getRuntime().removeShutdownHook(interrupt);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = db.queryOne("select sum(balance) from demo_accounts", rs -> rs.getLong(1)).orElse(0L);
        out.printf(Locale.ROOT, "SUMMARY ops=%d failed=%d max_active=%d threads=%d pool_max=%d seconds=%.1f ops_per_sec=%.0f balance_conserved=%s%n",
                ops.sum(), failed.sum(), maxActive.get(), threads, poolSize, seconds, ops.sum() / seconds, total == 1000L * 1000);
        return failed.sum() == 0 ? 0 : 1;
    }

    /** 70% point reads, 20% transfers in a transaction, 10% range reads. Transfers conserve the total balance. */
    private static void step(Database db, SplittableRandom random) {
        int roll = random.nextInt(10);
        if (roll < 7) {
            db.queryOne("select balance from demo_accounts where id = ?", rs -> rs.getLong(1), 1 + random.nextInt(1000));
        } else if (roll < 9) {
            int from = 1 + random.nextInt(1000);
            int to = 1 + random.nextInt(1000);
            long amount = 1 + random.nextInt(10);
            db.transaction(tx -> {
                // lock in id order so concurrent transfers cannot deadlock
                int first = Math.min(from, to);
                int second = Math.max(from, to);
                tx.query("select id from demo_accounts where id in (?, ?) order by id for update", rs -> rs.getInt(1), first, second);
                tx.update("update demo_accounts set balance = balance - ?, updated = now() where id = ?", amount, from);
                tx.update("update demo_accounts set balance = balance + ?, updated = now() where id = ?", amount, to);
                return null;
            });
        } else {
            int low = 1 + random.nextInt(990);
            db.query("select id, balance from demo_accounts where id between ? and ? order by id limit 10",
                    rs -> rs.getLong(2), low, low + 9);
        }
    }
}
