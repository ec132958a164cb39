package dev.poolguard.example.calls.demo;

import dev.poolguard.Database;
import dev.poolguard.event.DatabaseStats;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.embedded.PgBouncer;
import dev.poolguard.embedded.SystemTool;
import dev.poolguard.example.calls.CallsConfig;
import dev.poolguard.example.calls.CallsService;
import dev.poolguard.example.calls.ServiceStats;
import dev.poolguard.example.calls.calls.CallStatus;
import dev.poolguard.example.calls.email.LoggingEmailSender;
import dev.poolguard.example.calls.http.PoolguardMount;
import dev.poolguard.example.calls.queue.ConcurrencyAudit;
import dev.poolguard.example.calls.streams.StreamLookup;
import dev.poolguard.example.calls.support.Settings;
import dev.poolguard.example.calls.telephony.SimulatedTelephony;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * What the demo runs. Build with {@link #builder()}; every setting has a default and is checked where it is set, so
     * a new option is one field, one builder method and one line in the CLI.
     */
    public record Options(int port, Duration duration, boolean chaos, Duration chaosEvery, int poolSize, long seed, int burst,
                          StreamLookup streamLookup, int history, boolean pooler, int instances) {

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Options}; the defaults are {@code ./poolguard demo}'s. */
        public static final class Builder {
            private int port = 8080;
            private Duration duration = Duration.ofSeconds(30);
            private boolean chaos;
            private Duration chaosEvery = Duration.ofSeconds(3);
            private int poolSize = CallsConfig.DEFAULT_POOL_SIZE;
            private long seed = 42;
            private int burst;
            private StreamLookup streamLookup = StreamLookup.INDEXED;
            private int history;
            private boolean pooler;
            private int instances = 1;

            private Builder() {
            }

            public Builder port(int port) {
                this.port = Settings.checkRange("port", port, 0, 65535);
                return this;
            }

            public Builder duration(Duration duration) {
                if (duration.isNegative() || duration.isZero()) {
                    throw new IllegalArgumentException("duration: must be positive, was " + duration);
                }
                this.duration = duration;
                return this;
            }

            public Builder chaos(boolean chaos) {
                this.chaos = chaos;
                return this;
            }

            public Builder chaosEvery(Duration every) {
                if (every.compareTo(Duration.ofMillis(200)) < 0) {
                    throw new IllegalArgumentException("chaosEvery: " + every.toMillis() + "ms is below the minimum 200ms");
                }
                this.chaosEvery = every;
                return this;
            }

            public Builder poolSize(int size) {
                this.poolSize = Settings.checkRange("poolSize", size, 4, 1000);
                return this;
            }

            public Builder seed(long seed) {
                this.seed = seed;
                return this;
            }

            /** Calls answered within the same second (the incident's shape), 0 for none, at most 1,000. */
            public Builder burst(int calls) {
                this.burst = Settings.checkRange("burst", calls, 0, MAX_BURST);
                return this;
            }

            /** {@link StreamLookup#FETCH_ALL} replays the incidents' lookup at each stream start. */
            public Builder streamLookup(StreamLookup lookup) {
                this.streamLookup = java.util.Objects.requireNonNull(lookup, "streamLookup");
                return this;
            }

            /** Finished calls already in the database before the demo starts (production's table, not a fresh one). */
            public Builder history(int calls) {
                this.history = Settings.checkRange("history", calls, 0, MAX_HISTORY);
                return this;
            }

            /** Run the instances through Debian's PgBouncer in transaction mode, as Supabase's and Neon's poolers do. */
            public Builder pooler(boolean pooler) {
                this.pooler = pooler;
                return this;
            }

            /** Service instances sharing the database, each with its own pool and port (1 to {@value #MAX_INSTANCES}). */
            public Builder instances(int instances) {
                this.instances = Settings.checkRange("instances", instances, 1, MAX_INSTANCES);
                return this;
            }

            public Options build() {
                return new Options(port, duration, chaos, chaosEvery, poolSize, seed, burst, streamLookup, history, pooler, instances);
            }
        }
    }

    public static final int MAX_INSTANCES = 8;
    /** Exit status of a usage error (a port in use, a missing tool). */
    public static final int USAGE = 2;

    /** Largest {@code --burst}: a user's and a campaign's concurrency limit is at most 1,000. */
    public static final int MAX_BURST = 1000;
    public static final int MAX_HISTORY = 1_000_000;
    /** The burst's leads have numbers starting with this, so the simulated provider knows which calls to hold back. */
    static final String BURST_NUMBERS = "+1555999";

    /** How long the end waits for started calls, callbacks and summaries to finish. */
    static final Duration DRAIN = Duration.ofSeconds(60);
    static final String APPLICATION = "poolguard-calls";

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger maxWaiting = new AtomicInteger();
    private final AtomicInteger burstMaxActive = new AtomicInteger();
    private final AtomicInteger burstMaxWaiting = new AtomicInteger();
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
        if (options.pooler() && !SystemTool.PGBOUNCER.isInstalled()) {
            err.println("demo: --pooler runs Debian's PgBouncer in front of the database, and it is not installed: apt-get install pgbouncer");
            return USAGE;
        }
        out.println("Starting embedded PostgreSQL" + (options.pooler() ? " behind PgBouncer (transaction mode)" : "") + "...");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.builder().stopOnJvmExit(false).requirePassword().start();
             PgBouncer bouncer = options.pooler() ? startPooler(server) : null) {
            String url = bouncer != null ? bouncer.url() : server.url();
            Fleet.DeferredTelephony deferred = new Fleet.DeferredTelephony();
            List<CallsService> services = new ArrayList<>();
            CallsConfig config = null;
            // one provider account for every instance: the callbacks and streams it signs are valid on each of them
            String authToken = java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16));
            try {
                for (int i = 0; i < options.instances(); i++) {
                    int port = options.port() == 0 ? 0 : options.port() + i;
                    config = CallsConfig.builder().port(port).poolSize(options.poolSize()).instanceId("demo-" + (i + 1)).authToken(authToken)
                            .queuePoll(Duration.ofMillis(50)).schedulerInterval(Duration.ofMillis(500))
                            .streamLookup(options.streamLookup())
                            // migrations on a direct connection, as behind any transaction pooler
                            .migrationUrl(server.url()).build();
                    Database db = CallsService.databaseBuilder(config).url(url).password(server.password()).build();
                    try {
                        services.add(CallsService.builder(db, deferred).config(config).email(email).sharedTelephony().start());
                    } catch (RuntimeException e) {
                        db.close();
                        throw e;
                    }
                }
            } catch (RuntimeException e) {
                services.forEach(CallsService::close);
                if (causedBy(e, java.net.BindException.class)) {
                    err.println("demo: a port from " + options.port() + " on 127.0.0.1 is in use; choose another with --port"
                            + " (0 picks free ones)");
                    return USAGE;
                }
                throw e;
            }
            // answered calls stream 2 to 4 s of caller audio in real time (room for a phrase, the agent's answer, a goodbye)
            SimulatedTelephony.Options sim = SimulatedTelephony.options(config.authToken())
                    .delays(Duration.ofMillis(50), Duration.ofMillis(400)).duplicateRate(0.1).reorderRate(0.1)
                    .talkTime(Duration.ofSeconds(2), Duration.ofSeconds(4)).seed(options.seed());
            if (options.burst() > 0) {
                sim.burst(options.burst(), BURST_NUMBERS);
            }
            if (services.size() > 1) {
                sim.loadBalance(services.stream().map(CallsService::url).toList());
            }
            SimulatedTelephony telephony = sim.build();
            deferred.delegate = telephony;
            Fleet fleet = new Fleet(services, telephony);
            try {
                return drive(server, bouncer, fleet);
            } finally {
                fleet.close();
            }
        }
    }

    /**
     * Debian's PgBouncer in transaction mode in front of the database: one server pool of {@code --pool-size} connections
     * for every instance, as a provider's pooler is the budget all instances share. It checks clients' passwords with
     * SCRAM and logs in to the server with the same credentials.
     */
    private PgBouncer startPooler(EmbeddedPostgresServer server) {
        return PgBouncer.in(server).mode(PgBouncer.PoolMode.TRANSACTION).user(EmbeddedPostgresServer.USER, server.password())
                .defaultPoolSize(options.poolSize()).maxClientConn(Math.max(100, options.poolSize() * options.instances() * 2))
                .start();
    }

    private final CountingEmailSender email = new CountingEmailSender(new LoggingEmailSender());

    private int drive(EmbeddedPostgresServer server, PgBouncer bouncer, Fleet fleet) throws InterruptedException {
        Database db = fleet.shared();
        out.println("PostgreSQL " + db.diagnostics().testConnection().serverVersion() + " on " + server.url()
                + (bouncer != null ? ", through PgBouncer on " + bouncer.url() : ""));
        for (CallsService service : fleet.services) {
            out.println("Service" + (fleet.size() > 1 ? " " + service.stats().instance() : "") + ": " + service.url()
                    + "  (try: curl " + service.url() + "/stats, " + service.url() + "/health, " + service.url() + PoolguardMount.METRICS + ")");
            service.dashboardUrl().ifPresent(dashboard -> out.println("Dashboard: " + dashboard + "  (who holds each connection, live)"));
        }
        if (options.history() > 0) {
            long t0 = System.nanoTime();
            History.seed(db, options.history());
            out.println("History: " + options.history() + " finished calls from last year in the calls table ("
                    + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        }
        out.println("Running for " + seconds(options.duration()) + (fleet.size() > 1 ? " on " + fleet.size() + " instances" : "")
                + (options.chaos() ? " with chaos: every backend of the service terminated every " + seconds(options.chaosEvery()) : "")
                + (options.burst() > 0 ? "; a burst of " + options.burst() + " calls answered within one second" : "")
                + (options.streamLookup() == StreamLookup.FETCH_ALL ? "; stream starts find their call the incidents' way"
                + " (every call loaded, one picked in memory)" : "") + "; Ctrl-C stops early.");

        ConcurrencyAudit audit = new ConcurrencyAudit(db);
        ScheduledExecutorService sampler = timer("demo-sampler");
        sampler.scheduleWithFixedDelay(() -> sample(audit), 0, 100, TimeUnit.MILLISECONDS);
        // the pools themselves, without a query: often enough to catch a burst's peak
        ScheduledExecutorService poolSampler = timer("demo-pool-sampler");
        poolSampler.scheduleAtFixedRate(() -> samplePool(fleet), 0, 5, TimeUnit.MILLISECONDS);
        ScheduledExecutorService chaos = timer("demo-chaos");
        if (options.chaos()) {
            long every = options.chaosEvery().toMillis();
            chaos.scheduleWithFixedDelay(() -> chaos(server), every, every, TimeUnit.MILLISECONDS);
        }
        TrafficGenerator traffic = new TrafficGenerator(fleet.urls(), options.seed(), err);
        long start = System.nanoTime();
        traffic.start();
        if (options.burst() > 0) {
            traffic.burst(options.burst(), BURST_NUMBERS, Duration.ofSeconds(1));
        }

        long end = start + options.duration().toNanos();
        long nextLine = start + TimeUnit.SECONDS.toNanos(1);
        while (!interrupted.get() && System.nanoTime() < end) {
            long now = System.nanoTime();
            if (now >= nextLine) {
                statusLine(fleet, traffic, start);
                nextLine += TimeUnit.SECONDS.toNanos(1);
            }
            TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(nextLine - System.nanoTime()))));
        }
        double ranSeconds = (System.nanoTime() - start) / 1e9;
        traffic.stop();
        stop(chaos); // chaos ends with the traffic; the audit goes on until everything has finished
        out.println(String.format(Locale.ROOT, "[%3ds] %s: no new campaigns; waiting for started calls, callbacks and summaries"
                + " to finish (up to %ds)", Math.round(ranSeconds), interrupted.get() ? "stopped" : "duration reached", DRAIN.toSeconds()));
        boolean drained = drain(fleet, traffic, start);
        stop(sampler);
        stop(poolSampler);
        return summary(fleet, bouncer, traffic, ranSeconds, drained);
    }

    /** Waits until every started campaign completed, no callback is pending and each has its summary. */
    private boolean drain(Fleet fleet, TrafficGenerator traffic, long start) throws InterruptedException {
        List<Long> campaigns = traffic.campaigns();
        long deadline = System.nanoTime() + DRAIN.toNanos();
        long nextLine = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextLine) {
                statusLine(fleet, traffic, start);
                nextLine += TimeUnit.SECONDS.toNanos(1);
            }
            try {
                long open = openCalls(fleet.shared());
                long completed = completedCampaigns(fleet.shared(), campaigns);
                if (open == 0 && completed == campaigns.size() && fleet.telephony.stats().pending() == 0
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

    private int summary(Fleet fleet, PgBouncer bouncer, TrafficGenerator traffic, double seconds, boolean drained) {
        Database db = fleet.shared();
        List<ServiceStats> stats = fleet.stats();
        ServiceStats any = stats.get(0);
        SimulatedTelephony telephony = fleet.telephony;
        SimulatedTelephony.Stats sim = telephony.stats();
        List<Long> campaigns = traffic.campaigns();
        // calls by status live in the shared database; --history calls are last year's, not this run's
        long calls = any.calls().values().stream().mapToLong(Long::longValue).sum() - options.history();
        long open = openCalls(db);
        long completed = calls - open;
        long completedCampaigns = completedCampaigns(db, campaigns);
        long answered = any.calls().getOrDefault(CallStatus.COMPLETED.value(), 0L) - options.history();
        long missingSummaries = Math.max(0, completedCampaigns - email.distinct());
        Map<String, Long> failures = new java.util.LinkedHashMap<>();
        failures.put("requests", traffic.failures());
        failures.put("callbacks", sim.failedAttempts() + sim.abandoned());
        failures.put("tasks", fleet.sumDb(DatabaseStats::tasksFailed));
        failures.put("dial_errors", Fleet.sum(stats, s -> s.queue().dialFailures()));
        failures.put("lost_calls", open);
        failures.put("unfinished_campaigns", campaigns.size() - completedCampaigns);
        failures.put("doubled_calls", sim.doubleDialed());
        failures.put("summaries", missingSummaries + email.repeated());
        failures.put("sampler", samplerFailures.sum());
        long missingStreams = answeredWithoutStream(db);
        long serviceStreamFailures = Fleet.streamFailures(stats);
        long streamFailures = sim.streams().failed() + serviceStreamFailures + missingStreams;
        failures.put("streams", streamFailures);
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        if (failed > 0 || !drained) {
            out.println("failures: " + failures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" ")) + (drained ? "" : " (not drained within " + DRAIN.toSeconds() + "s)"));
        }
        if (streamFailures > 0) {
            out.println("stream failures: provider=" + sim.streams().failed() + " service=" + serviceStreamFailures
                    + " answered_without_stream=" + missingStreams
                    + (telephony.streamFailureReasons().isEmpty() ? "" : " first: " + telephony.streamFailureReasons().get(0)));
        }
        if (fleet.size() > 1) {
            out.println("INSTANCES " + stats.stream().map(s -> s.instance() + ":webhooks=" + s.webhooks().accepted() + ",dialed="
                    + s.queue().dialed() + ",streams=" + s.streams().started()).collect(Collectors.joining(" ")));
        }
        double maxWaitMillis = Fleet.maxWaitMillis(stats);
        if (options.burst() > 0) {
            out.println(String.format(Locale.ROOT, "BURST calls=%d answered_within=%.2fs lookup=%s history=%d stream_starts=%d"
                            + " start_mean_ms=%.1f start_max_ms=%.1f pool_max_active=%d pool_max_waiting=%d longest_wait_ms=%.1f"
                            + " connection_timeouts=%d",
                    options.burst(), telephony.burstAnswerSpread().toMillis() / 1000.0, options.streamLookup().value(),
                    options.history(), Fleet.sum(stats, s -> s.streams().started()),
                    Fleet.startMeanMicros(stats) / 1000.0, Fleet.startMaxMicros(stats) / 1000.0, burstMaxActive.get(),
                    burstMaxWaiting.get(), maxWaitMillis, Fleet.sum(stats, s -> s.poolWaits().timeouts())));
        }
        long ops = traffic.ops() + sim.delivered() + sim.streams().framesSent();
        out.println(String.format(Locale.ROOT, "SUMMARY calls=%d completed=%d answered=%d failed=%d webhooks=%d"
                        + " duplicates_ignored=%d out_of_order=%d streams=%d conversations=%d stream_failures=%d"
                        + " limit_violations=%d ops=%d max_active=%d max_waiting=%d max_wait_ms=%.1f max_active_calls=%d"
                        + " campaigns=%d summaries=%d chaos_kills=%d retries=%d stale_replaced=%d pool_max=%d instances=%d pooler=%s"
                        + " seconds=%.1f ops_per_sec=%.0f",
                calls, completed, answered, failed, Fleet.sum(stats, s -> s.webhooks().accepted()),
                Fleet.sum(stats, s -> s.webhooks().duplicates()), Fleet.sum(stats, s -> s.webhooks().outOfOrder()),
                sim.streams().opened(), Fleet.sum(stats, s -> s.streams().conversations()), streamFailures,
                limitViolations.sum(), ops, maxActive.get(), maxWaiting.get(), maxWaitMillis, maxActiveCalls.get(),
                campaigns.size(), email.distinct(), chaosKills.sum(), fleet.sumDb(DatabaseStats::retries),
                fleet.sumDb(DatabaseStats::staleConnectionsReplaced), fleet.poolMax(), fleet.size(),
                bouncer == null ? "none" : "pgbouncer-" + bouncer.mode().name().toLowerCase(Locale.ROOT)
                        + "(" + db.diagnostics().status().route().mode() + ")", seconds, ops / seconds));
        return failed == 0 && limitViolations.sum() == 0 ? 0 : 1;
    }

    private void statusLine(Fleet fleet, TrafficGenerator traffic, long start) {
        try {
            List<ServiceStats> stats = fleet.stats();
            ServiceStats any = stats.get(0);
            long queued = any.calls().getOrDefault(CallStatus.QUEUED.value(), 0L);
            long active = CallStatus.ACTIVE.stream().mapToLong(c -> any.calls().getOrDefault(c.value(), 0L)).sum();
            long total = any.calls().values().stream().mapToLong(Long::longValue).sum();
            int[] pools = fleet.pools();
            int idle = stats.stream().mapToInt(s -> s.pool().idle()).sum();
            int open = stats.stream().mapToInt(s -> s.pool().total()).sum();
            SimulatedTelephony.Stats sim = fleet.telephony.stats();
            long failures = traffic.failures() + sim.failedAttempts() + fleet.sumDb(DatabaseStats::tasksFailed) + samplerFailures.sum();
            out.printf(Locale.ROOT, "[%3ds] calls queued=%d active=%d completed=%d | webhooks=%d duplicates=%d | pool%s total=%d"
                            + " active=%d idle=%d waiting=%d | failures=%d limit_violations=%d | streams=%d live=%d%s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), queued, active, total - queued - active - options.history(),
                    Fleet.sum(stats, s -> s.webhooks().accepted()), Fleet.sum(stats, s -> s.webhooks().duplicates()),
                    fleet.size() > 1 ? "s(" + fleet.size() + ")" : "", open, pools[0], idle, pools[1],
                    failures, limitViolations.sum(), Fleet.sum(stats, s -> s.streams().started()), Fleet.sum(stats, s -> s.streams().active()),
                    options.chaos() ? " | chaos kills=" + chaosKills.sum() : "");
        } catch (RuntimeException e) {
            samplerFailures.increment();
            err.println("demo status line failed: " + e.getMessage());
        }
    }

    /** Every 100 ms: the concurrency audit (each user and campaign within its limit, across every instance). */
    private void sample(ConcurrencyAudit audit) {
        try {
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

    /**
     * Every 5 ms: the pools' peak use and queue (summed over the instances), overall and from a burst's first answer
     * until two seconds after it (its answers take one, its streams' starts follow them).
     */
    private void samplePool(Fleet fleet) {
        try {
            samplePools(fleet);
        } catch (RuntimeException e) {
            samplerFailures.increment();
            err.println("demo pool sampler failed: " + e.getMessage());
        }
    }

    private void samplePools(Fleet fleet) {
        int[] pools = fleet.pools();
        maxActive.accumulateAndGet(pools[0], Math::max);
        maxWaiting.accumulateAndGet(pools[1], Math::max);
        long first = fleet.telephony.burstFirstAnswerNanos();
        if (first != 0 && System.nanoTime() - first < TimeUnit.SECONDS.toNanos(2)) {
            burstMaxActive.accumulateAndGet(pools[0], Math::max);
            burstMaxWaiting.accumulateAndGet(pools[1], Math::max);
        }
    }

    /** Terminates the service's backends, as a provider does; behind the pooler these are the pooler's server connections. */
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

    /** Calls of this run that were answered but have no stream ended by stop (history calls are not this run's). */
    private static long answeredWithoutStream(Database db) {
        return db.queryOne("select count(*) from calls c left join call_streams s on s.call_id = c.id"
                + " where c.status = 'completed' and c.dialed_by is not null and (s.id is null or s.end_reason is distinct from 'stop')",
                rs -> rs.getLong(1)).orElse(0L);
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
