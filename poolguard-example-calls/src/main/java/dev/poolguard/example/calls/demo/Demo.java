package dev.poolguard.example.calls.demo;

import dev.poolguard.Database;
import dev.poolguard.DatabaseStats;
import dev.poolguard.PoolStatus;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.example.calls.CallsConfig;
import dev.poolguard.example.calls.CallsService;
import dev.poolguard.example.calls.ServiceStats;
import dev.poolguard.example.calls.calls.CallStatus;
import dev.poolguard.example.calls.email.LoggingEmailSender;
import dev.poolguard.example.calls.http.PoolguardMount;
import dev.poolguard.example.calls.queue.ConcurrencyAudit;
import dev.poolguard.example.calls.telephony.SimulatedTelephony;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * {@code ./poolguard demo}: the reference service on an embedded PostgreSQL with the simulated provider and a traffic
 * generator, a status line a second, then a {@code SUMMARY} line. With chaos on, every backend of the service is
 * terminated every few seconds from a separate connection, the way a provider recycles connections.
 *
 * <p>Its failure count is honest: a request that did not get its expected answer, a callback the service did not
 * accept, a background task that failed, a call dialed twice or never finished, a campaign without exactly one
 * summary, an audit query that failed. At the end it stops creating work and waits for what was started to finish.
 */
public final class Demo {

    /** What the demo runs. */
    public record Options(int port, Duration duration, boolean chaos, Duration chaosEvery, int poolSize, long seed) {
        public Options {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration: must be positive, was " + duration);
            }
            if (chaosEvery.compareTo(Duration.ofMillis(200)) < 0) {
                throw new IllegalArgumentException("chaosEvery: " + chaosEvery.toMillis() + "ms is below the minimum 200ms");
            }
        }
    }

    /** How long the end waits for started calls, callbacks and summaries to finish. */
    static final Duration DRAIN = Duration.ofSeconds(60);
    static final String APPLICATION = "poolguard-calls";

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger maxActiveCalls = new AtomicInteger();
    private final LongAdder limitViolations = new LongAdder();
    private final LongAdder samplerFailures = new LongAdder();
    private final LongAdder chaosKills = new LongAdder();
    private final AtomicBoolean interrupted = new AtomicBoolean();

    public Demo(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Runs the demo; returns the exit status: 0 when failed=0 and limit_violations=0. */
    public int run() throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(1);
        // Ctrl-C: stop early, but still drain and print the SUMMARY before the JVM goes, and exit with the demo's
        // status rather than the JVM's 130
        Thread onCtrlC = new Thread(() -> {
            interrupted.set(true);
            try {
                if (finished.await(DRAIN.toSeconds() + 30, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(exit.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            exit.set(runOnce());
            return exit.get();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it waits for the latch just released
            }
        }
    }

    private int runOnce() throws InterruptedException {
        out.println("Starting embedded PostgreSQL...");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.builder().stopOnJvmExit(false).requirePassword().start()) {
            CallsConfig config = CallsConfig.builder().port(options.port()).poolSize(options.poolSize())
                    .queuePoll(Duration.ofMillis(50)).schedulerInterval(Duration.ofMillis(500)).build();
            Database db = CallsService.databaseBuilder(config).url(server.url()).password(server.password()).build();
            SimulatedTelephony telephony = SimulatedTelephony.options(config.authToken())
                    .delays(Duration.ofMillis(50), Duration.ofMillis(400)).duplicateRate(0.1).reorderRate(0.1)
                    .seed(options.seed()).build();
            CountingEmailSender email = new CountingEmailSender(new LoggingEmailSender());
            CallsService service;
            try {
                service = CallsService.builder(db, telephony).config(config).email(email).start();
            } catch (RuntimeException e) {
                telephony.close();
                db.close();
                if (causedBy(e, java.net.BindException.class)) {
                    err.println("demo: port " + options.port() + " on 127.0.0.1 is in use; choose another with --port (0 picks a free one)");
                    return 2;
                }
                throw e;
            }
            try {
                return drive(server, service, telephony, email);
            } finally {
                service.close();
            }
        }
    }

    private int drive(EmbeddedPostgresServer server, CallsService service, SimulatedTelephony telephony,
                      CountingEmailSender email) throws InterruptedException {
        Database db = service.db();
        out.println("PostgreSQL " + db.testConnection().serverVersion() + " on " + server.url());
        out.println("Service: " + service.url() + "  (try: curl " + service.url() + "/stats, " + service.url() + "/health, "
                + service.url() + PoolguardMount.METRICS + ")");
        service.dashboardUrl().ifPresent(dashboard -> out.println("Dashboard: " + dashboard + "  (who holds each connection, live)"));
        out.println("Running for " + seconds(options.duration()) + (options.chaos() ? " with chaos: every backend of the service"
                + " terminated every " + seconds(options.chaosEvery()) : "") + "; Ctrl-C stops early.");

        ConcurrencyAudit audit = new ConcurrencyAudit(db);
        ScheduledExecutorService sampler = timer("demo-sampler");
        sampler.scheduleWithFixedDelay(() -> sample(db, audit), 0, 100, TimeUnit.MILLISECONDS);
        ScheduledExecutorService chaos = timer("demo-chaos");
        if (options.chaos()) {
            long every = options.chaosEvery().toMillis();
            chaos.scheduleWithFixedDelay(() -> chaos(server), every, every, TimeUnit.MILLISECONDS);
        }
        TrafficGenerator traffic = new TrafficGenerator(service.url(), options.seed(), err);
        long start = System.nanoTime();
        traffic.start();

        long end = start + options.duration().toNanos();
        long nextLine = start + TimeUnit.SECONDS.toNanos(1);
        while (!interrupted.get() && System.nanoTime() < end) {
            long now = System.nanoTime();
            if (now >= nextLine) {
                statusLine(service, telephony, traffic, start);
                nextLine += TimeUnit.SECONDS.toNanos(1);
            }
            TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(nextLine - System.nanoTime()))));
        }
        double ranSeconds = (System.nanoTime() - start) / 1e9;
        traffic.stop();
        stop(chaos); // chaos ends with the traffic; the audit goes on until everything has finished
        out.println(String.format(Locale.ROOT, "[%3ds] %s: no new campaigns; waiting for started calls, callbacks and summaries"
                + " to finish (up to %ds)", Math.round(ranSeconds), interrupted.get() ? "stopped" : "duration reached", DRAIN.toSeconds()));
        boolean drained = drain(service, telephony, email, traffic, start);
        stop(sampler);
        return summary(service, telephony, email, traffic, ranSeconds, drained);
    }

    /** Waits until every started campaign completed, no callback is pending and each has its summary. */
    private boolean drain(CallsService service, SimulatedTelephony telephony, CountingEmailSender email, TrafficGenerator traffic,
                          long start) throws InterruptedException {
        List<Long> campaigns = traffic.campaigns();
        long deadline = System.nanoTime() + DRAIN.toNanos();
        long nextLine = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextLine) {
                statusLine(service, telephony, traffic, start);
                nextLine += TimeUnit.SECONDS.toNanos(1);
            }
            try {
                long open = openCalls(service.db());
                long completed = completedCampaigns(service.db(), campaigns);
                if (open == 0 && completed == campaigns.size() && telephony.stats().pending() == 0
                        && email.distinct() >= completed) {
                    return true;
                }
            } catch (RuntimeException e) {
                samplerFailures.increment();
                err.println("demo drain check failed: " + e.getMessage());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return false;
    }

    private int summary(CallsService service, SimulatedTelephony telephony, CountingEmailSender email, TrafficGenerator traffic,
                        double seconds, boolean drained) {
        Database db = service.db();
        ServiceStats stats = service.stats();
        SimulatedTelephony.Stats sim = telephony.stats();
        DatabaseStats dbStats = db.stats();
        List<Long> campaigns = traffic.campaigns();
        long calls = stats.calls().values().stream().mapToLong(Long::longValue).sum();
        long open = openCalls(db);
        long completed = calls - open;
        long completedCampaigns = completedCampaigns(db, campaigns);
        long answered = stats.calls().getOrDefault(CallStatus.COMPLETED.value(), 0L);
        long missingSummaries = Math.max(0, completedCampaigns - email.distinct());
        Map<String, Long> failures = new java.util.LinkedHashMap<>();
        failures.put("requests", traffic.failures());
        failures.put("callbacks", sim.failedAttempts() + sim.abandoned());
        failures.put("tasks", dbStats.tasksFailed());
        failures.put("dial_errors", stats.queue().dialFailures());
        failures.put("lost_calls", open);
        failures.put("unfinished_campaigns", campaigns.size() - completedCampaigns);
        failures.put("doubled_calls", sim.doubleDialed());
        failures.put("summaries", missingSummaries + email.repeated());
        failures.put("sampler", samplerFailures.sum());
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        if (failed > 0 || !drained) {
            out.println("failures: " + failures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" ")) + (drained ? "" : " (not drained within " + DRAIN.toSeconds() + "s)"));
        }
        long ops = traffic.ops() + sim.delivered();
        out.println(String.format(Locale.ROOT, "SUMMARY calls=%d completed=%d answered=%d failed=%d webhooks=%d"
                        + " duplicates_ignored=%d out_of_order=%d limit_violations=%d ops=%d max_active=%d max_active_calls=%d"
                        + " campaigns=%d summaries=%d chaos_kills=%d retries=%d pool_max=%d seconds=%.1f ops_per_sec=%.0f",
                calls, completed, answered, failed, stats.webhooks().accepted(), stats.webhooks().duplicates(),
                stats.webhooks().outOfOrder(), limitViolations.sum(), ops, maxActive.get(), maxActiveCalls.get(),
                campaigns.size(), email.distinct(), chaosKills.sum(), dbStats.retries(), db.status().max(), seconds, ops / seconds));
        return failed == 0 && limitViolations.sum() == 0 ? 0 : 1;
    }

    private void statusLine(CallsService service, SimulatedTelephony telephony, TrafficGenerator traffic, long start) {
        try {
            ServiceStats s = service.stats();
            long queued = s.calls().getOrDefault(CallStatus.QUEUED.value(), 0L);
            long active = CallStatus.ACTIVE.stream().mapToLong(c -> s.calls().getOrDefault(c.value(), 0L)).sum();
            long total = s.calls().values().stream().mapToLong(Long::longValue).sum();
            PoolStatus pool = s.pool();
            SimulatedTelephony.Stats sim = telephony.stats();
            long failures = traffic.failures() + sim.failedAttempts() + s.tasks().failed() + samplerFailures.sum();
            out.printf(Locale.ROOT, "[%3ds] calls queued=%d active=%d completed=%d | webhooks=%d duplicates=%d | pool total=%d"
                            + " active=%d idle=%d waiting=%d | failures=%d limit_violations=%d%s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), queued, active, total - queued - active,
                    s.webhooks().accepted(), s.webhooks().duplicates(), pool.total(), pool.active(), pool.idle(), pool.waiting(),
                    failures, limitViolations.sum(), options.chaos() ? " | chaos kills=" + chaosKills.sum() : "");
        } catch (RuntimeException e) {
            samplerFailures.increment();
            err.println("demo status line failed: " + e.getMessage());
        }
    }

    /** Every 100 ms: the highest pool use, and the concurrency audit (each user and campaign within its limit). */
    private void sample(Database db, ConcurrencyAudit audit) {
        try {
            maxActive.accumulateAndGet(db.status().active(), Math::max);
            long activeCalls = 0;
            for (ConcurrencyAudit.Usage u : audit.sample()) {
                if (u.over()) {
                    limitViolations.increment();
                    err.println("limit violation: " + u.kind() + " " + u.id() + " has " + u.active() + " active calls, limit " + u.max());
                }
                if (u.kind().equals("user")) {
                    activeCalls += u.active();
                }
            }
            maxActiveCalls.accumulateAndGet((int) activeCalls, Math::max);
        } catch (RuntimeException e) {
            samplerFailures.increment();
            err.println("demo sampler failed: " + e.getMessage());
        }
    }

    private void chaos(EmbeddedPostgresServer server) {
        try {
            chaosKills.add(server.terminateClientBackends(APPLICATION + "%"));
        } catch (RuntimeException e) {
            err.println("chaos could not terminate backends: " + e.getMessage());
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Lets a running tick finish: interrupting it would fail its query, a failure of the demo, not the service. */
    private static void stop(ScheduledExecutorService timer) throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static long openCalls(Database db) {
        return db.queryOne("select count(*) from calls where status in " + CallStatus.OPEN_SQL, rs -> rs.getLong(1)).orElse(0L);
    }

    private static long completedCampaigns(Database db, List<Long> campaigns) {
        if (campaigns.isEmpty()) {
            return 0;
        }
        return db.queryOne("select count(*) from campaigns where status = 'completed' and id = any(?)", rs -> rs.getLong(1),
                (Object) campaigns.toArray(new Long[0])).orElse(0L);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
