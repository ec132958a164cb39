package dev.poolguard.example.calls;

import dev.poolguard.Database;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.example.calls.email.EmailSender;
import dev.poolguard.example.calls.email.LoggingEmailSender;
import dev.poolguard.example.calls.email.SmtpEmailSender;
import dev.poolguard.example.calls.http.PoolguardMount;
import dev.poolguard.example.calls.support.Settings;
import dev.poolguard.example.calls.telephony.SimulatedTelephony;
import dev.poolguard.example.calls.telephony.TelephonyProvider;
import dev.poolguard.example.calls.telephony.TwilioTelephony;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;

/**
 * Runs the service from the environment ({@code ./poolguard serve} calls {@link #serve}): PostgreSQL from
 * {@code DATABASE_URL} or, when it is unset, an embedded one; {@code CALLS_*} settings; the simulated telephony
 * provider or Twilio ({@code CALLS_TELEPHONY=twilio}); the logging or SMTP email sender. Stops gracefully on SIGTERM/SIGINT.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(System.getenv(), System.out));
    }

    /**
     * Serves until SIGTERM/SIGINT, then shuts down gracefully (the JVM exits when the hook is done). Returns 1 at
     * once if the service could not start.
     */
    public static int run(Map<String, String> env, PrintStream out) throws InterruptedException {
        // registered before anything opens, so SIGTERM during startup still closes what was opened (newest first)
        Deque<AutoCloseable> opened = new ConcurrentLinkedDeque<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(opened), "calls-shutdown"));
        CallsService service;
        try {
            service = serve(env, opened::push);
        } catch (RuntimeException e) {
            log.error("calls service did not start: {}", e.getMessage(), e);
            closeAll(opened);
            return 1;
        }
        out.println("Service: " + service.url() + " (instance " + service.config().instanceId() + "); SIGTERM or Ctrl-C stops it");
        service.dashboardUrl().ifPresent(dashboard ->
                out.println("Dashboard: " + dashboard + "  metrics: " + service.url() + PoolguardMount.METRICS));
        Thread.currentThread().join(); // until SIGTERM; the shutdown hook closes the service
        return 0;
    }

    /**
     * Starts a service configured from {@code env}; each resource it opens (the embedded PostgreSQL, the service) is
     * handed to {@code opened}, which must close them newest first (the service before its database server).
     */
    public static CallsService serve(Map<String, String> env, Consumer<AutoCloseable> opened) {
        CallsConfig config = CallsConfig.fromEnv(env);
        Settings s = new Settings(env);
        var builder = CallsService.databaseBuilder(config).fromEnv(env);
        if (!s.isSet("DATABASE_URL")) {
            log.info("DATABASE_URL is unset: starting an embedded PostgreSQL (superuser password generated, SCRAM required)");
            // It listens as long as the service does: no trusting every local user as its superuser.
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.builder().stopOnJvmExit(false).requirePassword().start();
            opened.accept(embedded);
            builder.url(embedded.url()).password(embedded.password());
        }
        if (config.authTokenGenerated()) {
            log.warn("TWILIO_AUTH_TOKEN is unset: generated a random token for this process; callbacks signed with any"
                    + " other token get 403 (set it for a real Twilio account or several instances)");
        }
        Database db = builder.build();
        opened.accept(db);
        CallsService service = CallsService.builder(db, telephony(config, env, s)).config(config).email(email(env, s)).start();
        opened.accept(service);
        return service;
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        for (AutoCloseable c; (c = opened.poll()) != null; ) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("could not close {}: {}", c, e.toString());
            }
        }
    }

    static TelephonyProvider telephony(CallsConfig config, Map<String, String> env, Settings s) {
        String kind = s.string("CALLS_TELEPHONY", "simulated");
        if (kind.equals("twilio")) {
            if (config.publicUrl() == null || !"https".equals(config.publicUrl().getScheme())) {
                throw new IllegalArgumentException("CALLS_TELEPHONY=twilio needs CALLS_PUBLIC_URL, the https URL Twilio reaches"
                        + " this service at (its callbacks and the wss:// Media Stream are built from it)");
            }
            TwilioTelephony twilio = TwilioTelephony.fromEnv(env);
            log.info("placing calls through {}", twilio);
            return twilio;
        }
        if (!kind.equals("simulated")) {
            throw new IllegalArgumentException("CALLS_TELEPHONY: '" + kind + "' is not a bundled provider; use simulated or twilio");
        }
        return SimulatedTelephony.options(config.authToken())
                .delays(s.duration("CALLS_SIM_MIN_DELAY", Duration.ofMillis(200)), s.duration("CALLS_SIM_MAX_DELAY", Duration.ofSeconds(2)))
                .duplicateRate(s.fraction("CALLS_SIM_DUPLICATES", 0.1))
                .reorderRate(s.fraction("CALLS_SIM_REORDER", 0.1))
                .talkTime(s.duration("CALLS_SIM_MIN_TALK", Duration.ofSeconds(3)), s.duration("CALLS_SIM_MAX_TALK", Duration.ofSeconds(8)))
                .build();
    }

    static EmailSender email(Map<String, String> env, Settings s) {
        String kind = s.string("CALLS_EMAIL", "log");
        switch (kind) {
            case "log": return new LoggingEmailSender();
            case "smtp": return SmtpEmailSender.fromEnv(env);
            default: throw new IllegalArgumentException("CALLS_EMAIL: '" + kind + "' is not a sender; use log or smtp");
        }
    }
}
