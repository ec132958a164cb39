package dev.poolguard.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;

/**
 * Something Poolguard saw that an operator may care about. {@code toString()} reads like a log line.
 *
 * @param type        what it is about
 * @param severity    how loud it is
 * @param message     one line saying what happened (never bind values or passwords)
 * @param tags        low-cardinality labels: error_type, sqlstate, connection_terminated, source, expected, plus the
 *                    task context (campaign_id, user_id, ...) where there is one
 * @param context     call site, SQL fingerprint, attempt, pool status, workload, thread
 * @param fingerprint stable grouping key from type, call site and SQL shape (and error type)
 * @param error       the failure, or {@code null}; in events Poolguard reports, passwords and quoted data values are
 *                    already masked in every message of its chain, so it is safe to send anywhere
 * @param timestamp   when it happened
 */
public record DiagnosticEvent(EventType type, Severity severity, String message, Map<String, String> tags,
                              EventContext context, String fingerprint, Throwable error, Instant timestamp) {

    public DiagnosticEvent {
        tags = Map.copyOf(tags);
    }

    /** A new event with a fingerprint computed from type, call site, SQL shape and error type. */
    public static DiagnosticEvent of(EventType type, Severity severity, String message, Map<String, String> tags,
                                     EventContext context, Throwable error) {
        String key = type + "|" + (context == null ? "" : context.callSite()) + "|" + (context == null ? "" : context.sql())
                + "|" + tags.getOrDefault("error_type", "");
        return new DiagnosticEvent(type, severity, message, tags, context, hash(key), error, Instant.now());
    }

    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(16);
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(key.hashCode());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(type).append(' ').append(severity).append(": ").append(message);
        tags.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        if (context != null) {
            if (context.callSite() != null) {
                sb.append(" call_site=").append(context.callSite());
            }
            if (context.attempt() > 0) {
                sb.append(" attempt=").append(context.attempt());
            }
            if (context.pool() != null) {
                sb.append(" pool=[").append(context.pool()).append(']');
            }
        }
        return sb.toString();
    }
}
