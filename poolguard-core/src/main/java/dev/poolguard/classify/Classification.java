package dev.poolguard.classify;

import dev.poolguard.event.Severity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict on one failure.
 *
 * @param kind                 what went wrong
 * @param expected             whether it is normal operation of the provider (idle kill, scale-to-zero, pooler restart)
 * @param retry                what may be run again
 * @param severity             how loud to report it
 * @param sqlState             the deciding SQLSTATE, or {@code null}
 * @param source               who raised it: postgres, pgjdbc, pgbouncer, supavisor, neon or poolguard
 * @param connectionTerminated whether the session is gone
 * @param reason               a short explanation for messages
 */
public record Classification(ErrorKind kind, boolean expected, RetryScope retry, Severity severity, String sqlState,
                             String source, boolean connectionTerminated, String reason) {

    /** Low-cardinality tags for reporters: error_type, sqlstate, connection_terminated, source, expected. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("error_type", kind.name().toLowerCase(java.util.Locale.ROOT));
        tags.put("sqlstate", sqlState == null ? "none" : sqlState);
        tags.put("connection_terminated", Boolean.toString(connectionTerminated));
        tags.put("source", source);
        tags.put("expected", Boolean.toString(expected));
        return tags;
    }

    public Classification withExpected(boolean expected, Severity severity) {
        return new Classification(kind, expected, retry, severity, sqlState, source, connectionTerminated, reason);
    }

    public Classification withSeverity(Severity severity) {
        return new Classification(kind, expected, retry, severity, sqlState, source, connectionTerminated, reason);
    }

    @Override
    public String toString() {
        return kind + (sqlState == null ? "" : " " + sqlState) + " from " + source + (expected ? " (expected)" : "")
                + ": " + reason;
    }
}
