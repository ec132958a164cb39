package dev.poolguard.example.calls;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.Database;
import dev.poolguard.DatabaseBuilder;
import dev.poolguard.DatabaseConfig;
import dev.poolguard.example.calls.calls.CallApi;
import dev.poolguard.example.calls.calls.CallOutcomes;
import dev.poolguard.example.calls.calls.CallStore;
import dev.poolguard.example.calls.campaigns.CampaignApi;
import dev.poolguard.example.calls.campaigns.CampaignCompletion;
import dev.poolguard.example.calls.campaigns.CampaignStore;
import dev.poolguard.example.calls.campaigns.Scheduler;
import dev.poolguard.example.calls.campaigns.Summaries;
import dev.poolguard.example.calls.email.EmailSender;
import dev.poolguard.example.calls.email.LoggingEmailSender;
import dev.poolguard.example.calls.email.SummaryMailer;
import dev.poolguard.example.calls.http.HealthApi;
import dev.poolguard.example.calls.http.Json;
import dev.poolguard.example.calls.http.PoolguardMount;
import dev.poolguard.example.calls.http.RequestGuard;
import dev.poolguard.example.calls.http.Requests;
import dev.poolguard.example.calls.http.Routes;
import dev.poolguard.example.calls.queue.QueueProcessor;
import dev.poolguard.example.calls.streams.MediaStreams;
import dev.poolguard.example.calls.streams.StreamMessages;
import dev.poolguard.example.calls.streams.StreamStore;
import dev.poolguard.example.calls.support.PeriodicTasks;
import dev.poolguard.example.calls.support.PoolWaits;
import dev.poolguard.example.calls.telephony.TelephonyProvider;
import dev.poolguard.example.calls.users.UserApi;
import dev.poolguard.example.calls.users.UserStore;
import dev.poolguard.example.calls.webhooks.StatusWebhooks;
import dev.poolguard.guard.QueryGuard;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The voice-campaign service: HTTP API and Twilio webhooks on Javalin, the call queue processor and the scheduler as
 * Poolguard background tasks, summary emails through the outbox. Every query goes through one {@link Database}.
 *
 * <pre>{@code
 * Database db = CallsService.databaseBuilder(config).url(url).build();
 * try (CallsService service = CallsService.builder(db, telephony).config(config).start()) { ... }
 * }</pre>
 *
 * {@link #close()} is the graceful shutdown SIGTERM runs: stop accepting requests and finish those in flight (up to
 * the drain timeout), stop submitting background work, then close the database, which drains running tasks within
 * its own drain timeout and closes the pool.
 */
public final class CallsService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallsService.class);
    /** Flyway migrations of the service's schema. */
    public static final String MIGRATIONS = "classpath:db/migration/calls";

    private final CallsConfig config;
    private final Database db;
    private final TelephonyProvider telephony;
    private final boolean ownsTelephony;
    private final List<AutoCloseable> closeAfter;
    private final Javalin app;
    private final PeriodicTasks periodic;
    private final CallStore calls;
    private final StatusWebhooks webhooks;
    private final QueueProcessor queue;
    private final Scheduler scheduler;
    private final SummaryMailer mailer;
    private final PoolguardMount poolguard;
    private final MediaStreams streams;
    private final PoolWaits poolWaits = new PoolWaits();
    private volatile URI url;
    private volatile boolean closed;

    private CallsService(Builder b) {
        this.config = b.config;
        this.db = b.db;
        this.telephony = b.telephony;
        this.ownsTelephony = b.ownsTelephony;
        this.closeAfter = List.copyOf(b.closeAfter);
        ObjectMapper mapper = Json.mapper();
        Requests requests = new Requests(mapper);
        Summaries summaries = new Summaries(mapper);
        CampaignStore campaigns = new CampaignStore(db);
        this.calls = new CallStore(db);
        this.mailer = new SummaryMailer(db, b.email);
        CallOutcomes outcomes = new CallOutcomes(new CampaignCompletion(summaries));
        this.webhooks = new StatusWebhooks(db, outcomes, mailer, config.authToken(), config.publicUrl());
        this.queue = new QueueProcessor(db, telephony, outcomes, mailer, config.instanceId(), config.claimBatch(),
                config.dialTimeout(), this::callbackBase);
        this.scheduler = new Scheduler(db, campaigns);
        this.periodic = new PeriodicTasks(db, "calls-timer");
        this.streams = new MediaStreams(new StreamStore(db, config.streamLookup()), new StreamMessages(mapper), config.authToken(),
                config.publicUrl() == null ? null : MediaStreams.streamUrl(config.publicUrl()));
        db.diagnostics().addPoolListener(poolWaits);
        Routes.Handlers handlers = new Routes.Handlers(new UserApi(new UserStore(db), calls, requests),
                new CampaignApi(campaigns, calls, summaries, db, requests), new CallApi(calls), webhooks, streams,
                new HealthApi(db), ctx -> ctx.json(RequestGuard.isLoopback(ctx.ip()) ? stats() : new BriefStats(config.instanceId())));
        RequestGuard guard = new RequestGuard(config.hostNames());
        List<Consumer<RoutesConfig>> mounts = new ArrayList<>(b.mounts);
        if (config.dashboardToken() != null || config.loopbackOnly()) {
            this.poolguard = new PoolguardMount(db, config.dashboardToken());
            mounts.add(poolguard::wire);
        } else {
            this.poolguard = null;
            log.warn("the Poolguard dashboard ({}) and {} are not mounted: the service listens on {}, beyond loopback, "
                    + "and CALLS_DASHBOARD_TOKEN is unset", PoolguardMount.DASHBOARD, PoolguardMount.METRICS, config.host());
        }
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(server -> {
                // graceful stop: connectors stop accepting, in-flight requests get up to the drain timeout
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(config.drainTimeout().toMillis());
            });
            cfg.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setIdleTimeout(config.streamIdleTimeout());
                ws.setMaxTextMessageSize(config.streamMaxMessageBytes());
                ws.setMaxBinaryMessageSize(config.streamMaxMessageBytes());
                // an answer is at most a few dozen frames; a peer that stops reading cannot make this grow
                ws.setMaxOutgoingFrames(2000);
            });
            Routes.wire(cfg.routes, db, handlers, guard, config.maxBodyBytes(), mounts);
        });
    }

    /**
     * A database builder with the service's settings: its application name, pool size, drain timeout, a
     * {@code background} budget for the queue, scheduler and email tasks (HTTP keeps the rest of the pool), and the
     * query guard (strict when {@link CallsConfig#strictQueries()}). Set the URL (or {@code fromEnv}) and build.
     */
    public static DatabaseBuilder databaseBuilder(CallsConfig config) {
        return Database.builder()
                .applicationName("poolguard-calls")
                .maxPoolSize(config.poolSize())
                .minIdle(2)
                .drainTimeout(config.drainTimeout())
                .workloadLimit("background", config.backgroundConnections())
                .backgroundTasks(config.backgroundConnections(), 1000)
                .queryGuard(config.strictQueries() ? QueryGuard.strictDefaults() : QueryGuard.defaults());
    }

    /**
     * Applies the schema migrations (Flyway, on a connection of its own; it locks so instances migrate one at a time), on
     * {@link CallsConfig#migrationUrl()} when set, else on the pool's URL.
     */
    public static void migrate(Database db, CallsConfig config) {
        DatabaseConfig c = db.config();
        if (config.migrationUrl() != null) {
            DatabaseConfig direct = Database.builder().url(config.migrationUrl()).config();
            String user = direct.user() != null ? direct.user() : c.user();
            String password = direct.password() != null ? direct.password() : c.password();
            Flyway.configure().dataSource(direct.jdbcUrl(), user, password).locations(MIGRATIONS).loggers("slf4j").load().migrate();
            return;
        }
        Flyway.configure().dataSource(c.jdbcUrl(), c.user(), c.password()).locations(MIGRATIONS)
                .loggers("slf4j").load().migrate();
    }

    /** A service on {@code db} dialing through {@code telephony}; the service closes both. */
    public static Builder builder(Database db, TelephonyProvider telephony) {
        return new Builder(db, telephony);
    }

    /** Migrates, starts HTTP, then the background loops. */
    private CallsService start() {
        try {
            migrate(db, config);
            app.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        url = config.host().contains(":") ? URI.create("http://[" + config.host() + "]:" + app.port())
                : URI.create("http://" + config.host() + ":" + app.port());
        periodic.every(config.queuePoll(), "queue-worker", config.queueWorkers(), queue::drain);
        periodic.every(config.schedulerInterval(), "scheduler", 1, () -> {
            scheduler.startDueCampaigns();
            queue.failStuckDials();
            mailer.sweep();
        });
        log.info("calls service {} listening on {} ({})", config.instanceId(), url, config);
        return this;
    }

    private URI callbackBase() {
        return config.publicUrl() != null ? config.publicUrl() : url;
    }

    /** Where the Poolguard dashboard is mounted ({@code /poolguard/}; {@code /metrics} beside it), if it is. */
    public Optional<URI> dashboardUrl() {
        return poolguard == null ? Optional.empty() : Optional.of(URI.create(url + PoolguardMount.DASHBOARD + "/"));
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return url;
    }

    public int port() {
        return app.port();
    }

    public Database db() {
        return db;
    }

    public CallsConfig config() {
        return config;
    }

    public TelephonyProvider telephony() {
        return telephony;
    }

    public StatusWebhooks webhooks() {
        return webhooks;
    }

    public QueueProcessor queue() {
        return queue;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public SummaryMailer mailer() {
        return mailer;
    }

    public MediaStreams streams() {
        return streams;
    }

    /** The Media Streams URL calls connect to: {@code wss://} from {@code CALLS_PUBLIC_URL}, else the bound URL's. */
    public URI streamUrl() {
        return MediaStreams.streamUrl(callbackBase());
    }

    /** What {@code GET /stats} tells a caller from another machine: which instance answered, nothing of its insides. */
    public record BriefStats(String instance) {
    }

    /** What {@code GET /stats} returns to a caller on this machine. */
    public ServiceStats stats() {
        return new ServiceStats(config.instanceId(), calls.countsByStatus(),
                new ServiceStats.Webhooks(webhooks.accepted(), webhooks.duplicates(), webhooks.outOfOrder(), webhooks.rejected()),
                new ServiceStats.Queue(queue.dialed(), queue.dialFailures(), queue.dialsUnknown(), queue.dialsRequeued(),
                        queue.raced(), queue.stuckDialsFailed()),
                streams.stats(), scheduler.started(), mailer.sent(), db.diagnostics().status(), poolWaits.snapshot(),
                new ServiceStats.Tasks(db.tasks().queued(), db.tasks().running(), db.diagnostics().stats().tasksFailed()));
    }

    /** Closes this service when the JVM gets SIGTERM or SIGINT. */
    public CallsService closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "calls-shutdown"));
        return this;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        log.info("calls service {} stopping: no new requests; draining in-flight requests (up to {}s)", config.instanceId(),
                config.drainTimeout().toSeconds());
        try {
            app.stop();
        } catch (RuntimeException e) {
            log.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        periodic.close();
        if (poolguard != null) {
            poolguard.close();
        }
        if (ownsTelephony) {
            telephony.close();
        }
        db.close();
        // after the database drained its tasks: a dial or a send still running then is abandoned, settled later
        queue.close();
        mailer.close();
        for (AutoCloseable c : closeAfter) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("could not close {}: {}", c, e.toString());
            }
        }
        log.info("calls service {} stopped in {} ms", config.instanceId(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Settings for one service. */
    public static final class Builder {
        private final Database db;
        private final TelephonyProvider telephony;
        private CallsConfig config = CallsConfig.defaults();
        private EmailSender email = new LoggingEmailSender();
        private boolean ownsTelephony = true;
        private final List<Consumer<RoutesConfig>> mounts = new ArrayList<>();
        private final List<AutoCloseable> closeAfter = new ArrayList<>();

        private Builder(Database db, TelephonyProvider telephony) {
            this.db = Objects.requireNonNull(db, "db");
            this.telephony = Objects.requireNonNull(telephony, "telephony");
        }

        public Builder config(CallsConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Where summary emails go; default {@link LoggingEmailSender}. */
        public Builder email(EmailSender sender) {
            this.email = Objects.requireNonNull(sender, "email");
            return this;
        }

        /** Leave the telephony provider open on close (shared between instances, as in the two-instance test). */
        public Builder sharedTelephony() {
            this.ownsTelephony = false;
            return this;
        }

        /**
         * More routes, wired after the service's own with the same error mapping and per-request unit of work: for
         * example {@code routes -> routes.get("/metrics", ctx -> ctx.result(registry.scrape()))}.
         */
        public Builder mount(Consumer<RoutesConfig> routes) {
            mounts.add(Objects.requireNonNull(routes, "routes"));
            return this;
        }

        /** Closed after the database (the embedded PostgreSQL the service runs on). */
        public Builder closeAfter(AutoCloseable resource) {
            closeAfter.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /** Migrates the schema, starts HTTP and the background loops. */
        public CallsService start() {
            return new CallsService(this).start();
        }
    }
}
