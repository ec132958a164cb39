package dev.poolguard.doctor;

import dev.poolguard.event.Severity;

import java.util.Objects;

/**
 * One thing the doctor found: how bad, about what, the numbers it saw and what to do.
 *
 * @param code     a stable identifier of the kind of finding ({@code connections.over-budget},
 *                 {@code holders.idle-in-transaction}, ...), for filtering and alert rules
 * @param area     which part of the report it belongs to
 * @param severity {@link Severity#INFO} for facts, {@link Severity#WARNING} and {@link Severity#ERROR} for problems
 *                 (the command exits 1 when any finding is above INFO)
 * @param title    one line that says what is wrong
 * @param subject  what it is about when there is one thing: a Java call site, {@code table.column}, a setting name;
 *                 otherwise {@code null}
 * @param evidence the numbers it saw
 * @param fix      what to change, concretely
 */
public record Finding(String code, Area area, Severity severity, String title, String subject, String evidence, String fix) {

    /** The sections of a report, in the order the text report prints them. */
    public enum Area {
        /** Connection budget: the server's limit against pool size × instances, the pooler and its mode. */
        CONNECTIONS,
        /** Sessions that hold connections: idle in transaction, long-running statements, lock waits. */
        HOLDERS,
        /** Server timeouts in force against the pool's lifetimes. */
        TIMEOUTS,
        /** The incidents' query shape: large tables read by sequential scans, statements returning many rows. */
        QUERIES,
        /** A recommended pool size per instance and its reasoning. */
        SIZING
    }

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(fix, "fix");
    }

    /** Whether this finding makes the command exit 1: above {@link Severity#INFO}. */
    public boolean problem() {
        return severity.compareTo(Severity.INFO) > 0;
    }

    @Override
    public String toString() {
        return severity + " " + code + ": " + title;
    }
}
