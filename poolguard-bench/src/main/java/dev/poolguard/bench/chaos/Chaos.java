package dev.poolguard.bench.chaos;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.poolguard.Database;
import dev.poolguard.DatabaseBuilder;
import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventType;
import dev.poolguard.bench.Profile;
import dev.poolguard.bench.pools.Peers;
import dev.poolguard.bench.pools.Pool;
import dev.poolguard.embedded.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The chaos scenarios against one embedded PostgreSQL, each run for raw HikariCP and for Poolguard with the same
 * workload, pool size (8) and borrow timeout. Readers select by primary key; writers run a two-statement transaction
 * (increment an account, log the write) so lost and doubled writes can be counted afterwards.
 */
public final class Chaos {

    static final int POOL = 8;
    static final int READERS = 8;
    static final int WRITERS = 8;
    static final int BACKGROUND_THREADS = 16;
    static final int BACKGROUND_IN_FLIGHT = 48;
    static final int BACKGROUND_BUDGET = 2;
    static final Duration BACKGROUND_HOLD = Duration.ofMillis(100);
    static final int ACCOUNTS = 10_000;
    static final String READ = "select balance from bench_accounts where id = ?";
    static final String INCREMENT = "update bench_accounts set balance = balance + 1 where id = ?";
    static final String LOG = "insert into bench_log (run, account) values (?, ?)";
    private static final Set<EventType> DIAGNOSES = EnumSet.of(EventType.POOL_EXHAUSTED, EventType.HELD_IDLE, EventType.LEAK);

    private final EmbeddedPostgresServer server;
    /** Where Poolguard's events go while a run wants them (exhaustion); Poolguard's own logging reporter is replaced. */
    private volatile Consumer<DiagnosticEvent> events = e -> { };
    private final Profile.Chaos times;
    private final Consumer<String> progress;
    private int runs;

    public Chaos(EmbeddedPostgresServer server, Profile.Chaos times, Consumer<String> progress) {
        this.server = server;
        this.times = times;
        this.progress = progress;
    }

    /** The accounts and the write log. */
    public void prepare() {
        server.execute("drop table if exists bench_accounts, bench_log");
        server.execute("create table bench_accounts (id int primary key, balance bigint not null)");
        server.execute("insert into bench_accounts select g, 0 from generate_series(1, " + ACCOUNTS + ") g");
        server.execute("create table bench_log (id bigserial primary key, run text not null, account int not null)");
        server.execute("create index on bench_log (run)");
        server.execute("vacuum analyze bench_accounts");
    }

    /**
     * Runs the workload on raw HikariCP and on Poolguard for a baseline's length each, unrecorded, so the first
     * scenario does not measure this JVM's compiler warming up on the JDBC path.
     */
    public void warmUp() {
        try (AutoCloseable quiet = HikariLeakLog.quietHikari()) {
            for (Opener open : List.of(hikari(Duration.ZERO), poolguard("warm-up", b -> b, false))) {
                try (Target target = open.open("chaos-warm-up")) {
                    Load load = Load.start(target, new Timeline(times.baseline()), READERS, WRITERS, "warm-up", e -> { });
                    pause(times.baseline());
                    load.stop();
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one scenario for each of its variants, raw HikariCP first. */
    public List<ChaosResult> run(Scenario scenario) {
        try (AutoCloseable quiet = HikariLeakLog.quietHikari()) {
            return runQuietly(scenario);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ChaosResult> runQuietly(Scenario scenario) {
        List<ChaosResult> results = new ArrayList<>();
        switch (scenario) {
            case STORM:
                results.add(storm(hikari(Duration.ZERO)));
                results.add(storm(poolguard(Pool.POOLGUARD.label(), b -> b, true)));
                break;
            case RESTART:
                results.add(restart(hikari(Duration.ZERO)));
                results.add(restart(poolguard(Pool.POOLGUARD.label(), b -> b, true)));
                break;
            case EXHAUSTION:
                results.add(exhaustion(hikari(Duration.ZERO)));
                results.add(exhaustion(hikari(times.hikariLeakThreshold())));
                results.add(exhaustion(poolguard(Pool.POOLGUARD.label(), b -> b, true)));
                break;
            case FLOOD:
                results.add(flood(hikari(Duration.ZERO)));
                results.add(flood(poolguard(Pool.POOLGUARD.label() + ", background budget raised to " + POOL + " (the whole pool)",
                        b -> b.workloadLimit("background", POOL).backgroundTasks(BACKGROUND_THREADS, 1000), false)));
                results.add(flood(poolguard(Pool.POOLGUARD.label() + ", default background budget (" + BACKGROUND_BUDGET + ")",
                        b -> b.backgroundTasks(BACKGROUND_THREADS, 1000), true)));
                break;
            default:
                throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        return results;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Scenarios

    private ChaosResult storm(Opener open) {
        Run run = begin(Scenario.STORM, open, times.baseline().plus(times.storm()).plus(times.after()));
        try (Target target = run.target) {
            Load load = Load.start(target, run.timeline, READERS, WRITERS, run.id, e -> { });
            pause(times.baseline());
            run.timeline.startMeasuring();
            List<Long> kills = new ArrayList<>();
            int killed = 0;
            long next = System.nanoTime();
            long end = next + times.storm().toNanos();
            while (next < end) {
                kills.add(run.timeline.mark("terminate"));
                killed += server.terminateClientBackends(run.app + "%");
                next += times.killEvery().toNanos();
                pauseUntil(next);
            }
            long stormEnd = run.timeline.mark("storm ends");
            pause(times.after());
            stopLoad(load, run.timeline);
            double baseline = baseline(run.timeline);
            List<Long> recoveries = new ArrayList<>();
            boolean allRecovered = true;
            for (int i = 0; i < kills.size(); i++) {
                long until = i + 1 < kills.size() ? kills.get(i + 1) : stormEnd + times.after().toMillis();
                long r = Recovery.after(run.timeline, baseline, kills.get(i), until);
                allRecovered &= r >= 0;
                recoveries.add(r < 0 ? until - kills.get(i) : r);
            }
            recoveries.sort(null);
            long worst = recoveries.isEmpty() ? 0 : recoveries.get(recoveries.size() - 1);
            long median = recoveries.isEmpty() ? 0 : recoveries.get(recoveries.size() / 2);
            String notes = killed + " backends terminated in " + kills.size() + " rounds; recovery median " + median + " ms"
                    + (allRecovered ? "" : ", some rounds never recovered before the next") + "; " + writes(run, load)
                    + target.counters();
            return run.result(allRecovered ? worst : -1, notes);
        }
    }

    private ChaosResult restart(Opener open) {
        Run run = begin(Scenario.RESTART, open, times.baseline().plus(times.down()).plus(times.after()).plusSeconds(30));
        try (Target target = run.target) {
            Load load = Load.start(target, run.timeline, READERS, WRITERS, run.id, e -> { });
            pause(times.baseline());
            run.timeline.startMeasuring();
            long stop = run.timeline.mark("server stopped");
            server.stop();
            pause(times.down());
            server.startAgain();
            long back = run.timeline.mark("server back");
            pause(times.after());
            stopLoad(load, run.timeline);
            long recovery = Recovery.after(run.timeline, baseline(run.timeline), back, run.timeline.durationMillis());
            String notes = "server down " + seconds(back - stop) + " (stop, " + seconds(times.down().toMillis()) + " down, start); "
                    + writes(run, load) + target.counters();
            return run.result(recovery, notes);
        }
    }

    private ChaosResult exhaustion(Opener open) {
        Run run = begin(Scenario.EXHAUSTION, open, times.baseline().plus(times.hold()).plus(times.after()).plusSeconds(30));
        AtomicReference<Diagnoses> diagnoses = new AtomicReference<>();
        Consumer<String> saw = text -> {
            Diagnoses d = diagnoses.get();
            if (d != null) {
                d.saw(text);
            }
        };
        events = e -> {
            if (DIAGNOSES.contains(e.type())) {
                saw.accept(e.toString());
            }
        };
        try (Target target = run.target; HikariLeakLog leaks = HikariLeakLog.read(saw)) {
            Load load = Load.start(target, run.timeline, READERS, WRITERS, run.id, e -> saw.accept(e.getMessage()));
            pause(times.baseline());
            run.timeline.startMeasuring();
            diagnoses.set(new Diagnoses(run.timeline, run.timeline.mark("report starts")));
            CountDownLatch partner = new CountDownLatch(1);
            List<Thread> holders = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                Thread holder = new Thread(() -> {
                    try {
                        target.report(partner, times.hold().plusSeconds(30));
                    } catch (Exception e) {
                        saw.accept(e.getMessage());
                    }
                }, "chaos-report-" + i);
                holder.setDaemon(true);
                holders.add(holder);
                holder.start();
            }
            pause(times.hold());
            partner.countDown();
            long done = run.timeline.mark("report done");
            join(holders);
            pause(times.after());
            stopLoad(load, run.timeline);
            long recovery = Recovery.after(run.timeline, baseline(run.timeline), done, run.timeline.durationMillis());
            events = e -> { };
            Diagnoses.Signal first = diagnoses.get().first();
            Diagnoses.Signal naming = diagnoses.get().namingHolder();
            return new ChaosResult(Scenario.EXHAUSTION, run.target.label(), run.reference, run.timeline, recovery,
                    "the report held all " + POOL + " connections for " + seconds(times.hold().toMillis()),
                    first == null ? null : first.atMillis(), naming == null ? null : naming.atMillis(),
                    first == null ? null : oneLine(first.text()));
        }
    }

    private ChaosResult flood(Opener open) {
        Run run = begin(Scenario.FLOOD, open, times.baseline().plus(times.flood()).plus(times.after()).plusSeconds(30));
        try (Target target = run.target) {
            Load load = Load.start(target, run.timeline, READERS, 0, run.id, e -> { });
            pause(times.baseline());
            AtomicBoolean stopFlood = new AtomicBoolean();
            LongAdder done = new LongAdder();
            LongAdder failed = new LongAdder();
            Semaphore inFlight = new Semaphore(BACKGROUND_IN_FLIGHT);
            Thread submitter = new Thread(() -> {
                while (!stopFlood.get()) {
                    try {
                        if (!inFlight.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        target.background(BACKGROUND_HOLD).whenComplete((ok, error) -> {
                            (error == null ? done : failed).increment();
                            inFlight.release();
                        });
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException e) {
                        failed.increment();
                        inFlight.release();
                    }
                }
            }, "chaos-flood");
            submitter.setDaemon(true);
            run.timeline.startMeasuring();
            run.timeline.mark("flood starts");
            submitter.start();
            pause(times.flood());
            stopFlood.set(true);
            run.timeline.stopMeasuring();
            long stopped = run.timeline.mark("flood stops");
            join(List.of(submitter));
            pause(times.after());
            load.stop();
            run.timeline.end();
            inFlight.tryAcquire(BACKGROUND_IN_FLIGHT, 30, TimeUnit.SECONDS);
            long recovery = Recovery.after(run.timeline, baseline(run.timeline), stopped, run.timeline.durationMillis());
            String notes = "background work done " + done.sum() + " (" + BACKGROUND_HOLD.toMillis() + " ms each), failed " + failed.sum();
            return run.result(recovery, notes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the flood", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pools

    /**
     * Opens a target under an application name unique to the run (the storm terminates by it). The reference is the
     * Poolguard run the others are compared with.
     */
    @FunctionalInterface
    private interface Opener {
        Target open(String applicationName);

        default boolean reference() {
            return false;
        }
    }

    private Opener hikari(Duration leakThreshold) {
        return app -> {
            HikariConfig config = Peers.hikariConfig(server.jdbcUrl(), POOL, POOL, times.connectionTimeout(), app);
            config.setPoolName(app);
            if (!leakThreshold.isZero()) {
                config.setLeakDetectionThreshold(leakThreshold.toMillis());
            }
            String label = Pool.HIKARI.label() + (leakThreshold.isZero() ? "" : ", leakDetectionThreshold " + seconds(leakThreshold.toMillis()));
            return new HikariTarget(new HikariDataSource(config), label, BACKGROUND_THREADS);
        };
    }

    private Opener poolguard(String label, UnaryOperator<DatabaseBuilder> settings, boolean reference) {
        return new Opener() {
            @Override
            public Target open(String app) {
                DatabaseBuilder builder = Database.builder().url(server.url()).maxPoolSize(POOL).minIdle(POOL)
                        .connectionTimeout(times.connectionTimeout()).applicationName(app).poolName(app)
                        .addReporter(e -> events.accept(e));
                return new PoolguardTarget(settings.apply(builder).build(), label);
            }

            @Override
            public boolean reference() {
                return reference;
            }
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Plumbing

    /** One run: its id (the write log's key), application name, target and timeline. */
    private final class Run {
        final Scenario scenario;
        final String id;
        final String app;
        final Target target;
        final boolean reference;
        final Timeline timeline;

        Run(Scenario scenario, Opener open, Duration expected) {
            this.scenario = scenario;
            this.id = scenario.key() + "-" + (++runs);
            this.reference = open.reference();
            this.app = "chaos-" + id;
            this.target = open.open(app);
            progress.accept(scenario.title().toLowerCase(Locale.ROOT) + ": " + target.label());
            this.timeline = new Timeline(expected);
        }

        ChaosResult result(long recoveryMillis, String notes) {
            return new ChaosResult(scenario, target.label(), reference, timeline, recoveryMillis, notes, null, null, null);
        }
    }

    private Run begin(Scenario scenario, Opener open, Duration expected) {
        return new Run(scenario, open, expected);
    }

    /** Mean successful calls per bucket over the second half of the baseline (the first half warms the pool). */
    private double baseline(Timeline t) {
        return Recovery.baseline(t, times.baseline().toMillis() / 2, times.baseline().toMillis());
    }

    private static void stopLoad(Load load, Timeline timeline) {
        try {
            timeline.stopMeasuring();
            load.stop();
            timeline.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the load", e);
        }
    }

    private String writes(Run run, Load load) {
        long acked = load.writesAcked();
        long stored = storedWrites(run.id);
        String verdict = stored == acked ? "every write stored once"
                : stored > acked ? (stored - acked) + " stored though the caller was told they failed"
                : (acked - stored) + " acknowledged writes missing";
        return "writes acknowledged " + acked + ", stored " + stored + " (" + verdict + ")";
    }

    private long storedWrites(String run) {
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement("select count(*) from bench_log where run = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the writes of " + run + ": " + e.getMessage(), e);
        }
    }

    static String sleepSql(Duration hold) {
        return "select pg_sleep(" + hold.toMillis() / 1000.0 + ")";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 240 ? line : line.substring(0, 237) + "...";
    }

    private static void pause(Duration d) {
        pauseUntil(System.nanoTime() + d.toNanos());
    }

    /** The scenario's clock: waits until a deadline (the chaos is paced in wall time, nothing is awaited). */
    private static void pauseUntil(long deadlineNanos) {
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
        }
    }

    private static void join(List<Thread> threads) {
        try {
            for (Thread t : threads) {
                t.join(60_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
