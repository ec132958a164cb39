package dev.poolguard.sentry;

import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventContext;
import dev.poolguard.event.EventReporter;
import dev.poolguard.event.Severity;
import io.sentry.IScopes;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.Message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Sends Poolguard events to Sentry: severity becomes the level, Poolguard's tags become Sentry tags (so the incidents'
 * filter {@code error_type:connection_lost AND connection_terminated:true} works), the context becomes a
 * {@code poolguard} context, and the event fingerprint groups issues by type, call site and SQL shape.
 *
 * <pre>{@code
 * Database db = Database.builder().url(url).addReporter(new SentryReporter()).build();
 * }</pre>
 *
 * Events below {@code minimumSeverity} (default {@link Severity#WARNING}) are not sent: expected terminations at INFO
 * stay in the logs, out of the issue stream.
 */
public final class SentryReporter implements EventReporter {

    private final Supplier<IScopes> scopes;
    private final Severity minimumSeverity;

    /** Uses the globally initialised Sentry SDK ({@code Sentry.init}), sending WARNING and above. */
    public SentryReporter() {
        this(Sentry::getCurrentScopes, Severity.WARNING);
    }

    /** Uses the given scopes and sends events at {@code minimumSeverity} and above. */
    public SentryReporter(Supplier<IScopes> scopes, Severity minimumSeverity) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.minimumSeverity = Objects.requireNonNull(minimumSeverity, "minimumSeverity");
    }

    @Override
    public void report(DiagnosticEvent event) {
        if (event.severity().ordinal() < minimumSeverity.ordinal()) {
            return;
        }
        scopes.get().captureEvent(toSentry(event));
    }

    /** The Sentry event for a Poolguard event (public for inspection and tests). */
    public static SentryEvent toSentry(DiagnosticEvent event) {
        Throwable error = event.error();
        SentryEvent sentry = error == null ? new SentryEvent() : new SentryEvent(error);
        sentry.setLevel(level(event.severity()));
        Message message = new Message();
        message.setFormatted(event.message());
        sentry.setMessage(message);
        sentry.setLogger("dev.poolguard");
        sentry.setTag("poolguard.event", event.type().name());
        event.tags().forEach(sentry::setTag);
        sentry.setFingerprints(List.of("poolguard", event.type().name(), event.fingerprint()));
        EventContext context = event.context();
        if (context != null) {
            Map<String, Object> poolguard = new LinkedHashMap<>();
            put(poolguard, "call_site", context.callSite());
            put(poolguard, "sql", context.sql());
            poolguard.put("attempt", context.attempt());
            put(poolguard, "workload", context.workload());
            put(poolguard, "thread", context.thread());
            if (context.pool() != null) {
                poolguard.put("pool", Map.of("total", context.pool().total(), "active", context.pool().active(),
                        "idle", context.pool().idle(), "waiting", context.pool().waiting(), "max", context.pool().max()));
            }
            sentry.getContexts().put("poolguard", poolguard);
            if (context.callSite() != null) {
                sentry.setTransaction(context.callSite());
            }
        }
        return sentry;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static SentryLevel level(Severity severity) {
        switch (severity) {
            case DEBUG: return SentryLevel.DEBUG;
            case INFO: return SentryLevel.INFO;
            case WARNING: return SentryLevel.WARNING;
            default: return SentryLevel.ERROR;
        }
    }
}
