package dev.poolguard.doctor;

import dev.poolguard.event.Severity;

import java.util.List;

/**
 * What the doctor saw and found. Every section is plain data (strings, numbers, lists), so it serialises to JSON as
 * it is; {@code docs/doctor-report.schema.json} documents that JSON. {@link #toText()} is the terminal form.
 *
 * @param target        the database URL with its password masked
 * @param checkedAt     when the diagnosis ran (ISO-8601, UTC)
 * @param elapsedMillis how long it took
 * @param server        the server's version and the doctor's own role and database
 * @param pooler        whether a pooler answers in front of the server, which, and in which mode
 * @param budget        the connection limit against pool size × instances
 * @param connections   client connections now, by application name, state and client address
 * @param sessions      sessions that hold connections: idle in transaction, long-running, waiting for or holding locks
 * @param settings      timeouts and limits in force for sessions of the doctor's role and database
 * @param tables        large tables read by sequential scans
 * @param statements    statements returning many rows per call ({@code pg_stat_statements}, when installed)
 * @param sizing        the recommended pool size per instance and the reasoning
 * @param findings      what is wrong (and facts worth knowing), worst first
 * @param notes         what could not be checked, and why
 */
public record DoctorReport(String target, String checkedAt, long elapsedMillis, Server server, Pooler pooler,
                           Budget budget, List<ConnectionGroup> connections, List<Session> sessions,
                           List<Setting> settings, List<TableScan> tables, List<StatementStat> statements,
                           Sizing sizing, List<Finding> findings, List<String> notes) {

    public DoctorReport {
        connections = List.copyOf(connections);
        sessions = List.copyOf(sessions);
        settings = List.copyOf(settings);
        tables = List.copyOf(tables);
        statements = List.copyOf(statements);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** The server: version, and the role and database the doctor connected as. */
    public record Server(String version, int versionNumber, String database, String user) {
    }

    /** How the client reaches the server. */
    public enum Mode {
        /** No pooler: each client connection is a server session. */
        DIRECT,
        /** A pooler that gives each client its own server connection for the whole session. */
        SESSION,
        /** A pooler that lends a server connection per transaction: session state does not survive a commit. */
        TRANSACTION,
        /** A pooler whose mode could not be told. */
        UNKNOWN
    }

    /**
     * @param name     {@code null} when direct; otherwise what answers ({@code PgBouncer}, {@code Supavisor (Supabase)},
     *                 {@code PgBouncer (Neon)}, {@code a pooler})
     * @param mode     how server connections are lent
     * @param evidence the signals the decision rests on
     */
    public record Pooler(String name, Mode mode, List<String> evidence) {
        public Pooler {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * @param maxConnections    the server's {@code max_connections}
     * @param reserved          slots reserved for superusers and {@code pg_use_reserved_connections}
     * @param usable            {@code maxConnections - reserved}
     * @param poolSize          connections per instance
     * @param poolSizeGiven     false when the pool size is Poolguard's default, assumed
     * @param instances         instances at full scale
     * @param demand            {@code poolSize × instances}
     * @param inUse             client connections open now (all databases: the limit is the server's)
     * @param inUseByApplication of which carry the application's name
     */
    public record Budget(int maxConnections, int reserved, int usable, int poolSize, boolean poolSizeGiven, int instances,
                         int demand, int inUse, int inUseByApplication) {
    }

    /** Client connections now with the same application name, state and client address. */
    public record ConnectionGroup(String application, String state, String client, int count) {
    }

    /**
     * A session that holds a connection in a way worth seeing.
     *
     * @param pid              the server process id ({@code pg_terminate_backend(pid)} ends it)
     * @param application      its {@code application_name}
     * @param client           its client address ({@code local} for a Unix socket)
     * @param state            {@code idle in transaction}, {@code active}, ...
     * @param transactionMillis how long its transaction has been open, or {@code null} outside one
     * @param stateMillis      how long it has been in this state
     * @param waitingFor       what it waits for ({@code Lock: transactionid}), or {@code null}
     * @param blockedBy        the pids holding the locks it waits for
     * @param fingerprint      its current or last statement, literals replaced ({@code <insufficient privilege>} when
     *                         the doctor's role may not see it)
     * @param callSite         the Java call site from Poolguard's statement comment, or {@code null}
     */
    public record Session(int pid, String application, String client, String state, Long transactionMillis,
                          long stateMillis, String waitingFor, List<Integer> blockedBy, String fingerprint, String callSite) {
        public Session {
            blockedBy = List.copyOf(blockedBy);
        }
    }

    /** A server setting as sessions of the doctor's role and database get it, and where it comes from. */
    public record Setting(String name, String value, String source) {
    }

    /**
     * A large table read by sequential scans (counters since the last statistics reset).
     *
     * @param unindexedColumns columns that statements filter on through a sequential scan, with no index
     * @param callSites        Java call sites of those statements, from Poolguard's statement comments
     */
    public record TableScan(String table, long rows, long seqScans, long seqRowsRead, long indexScans,
                            List<String> unindexedColumns, List<String> callSites) {
        public TableScan {
            unindexedColumns = List.copyOf(unindexedColumns);
            callSites = List.copyOf(callSites);
        }
    }

    /** A statement from {@code pg_stat_statements} that returns many rows per call. */
    public record StatementStat(String fingerprint, String callSite, long calls, long rows, long rowsPerCall,
                                double meanMillis) {
    }

    /** The recommended pool size per instance and the reasoning, one step a line. */
    public record Sizing(int recommendedPoolSize, List<String> reasoning) {
        public Sizing {
            reasoning = List.copyOf(reasoning);
        }
    }

    /** The worst severity among the findings; {@link Severity#INFO} when there are none. */
    public Severity worst() {
        Severity worst = Severity.INFO;
        for (Finding f : findings) {
            worst = worst.max(f.severity());
        }
        return worst;
    }

    /** {@code 1} when a finding is above {@link Severity#INFO}, else {@code 0}: the command's exit status. */
    public int exitStatus() {
        return findings.stream().anyMatch(Finding::problem) ? 1 : 0;
    }

    /** The findings with this code. */
    public List<Finding> findings(String code) {
        return findings.stream().filter(f -> f.code().equals(code)).toList();
    }

    /** The report as the terminal shows it: findings first, worst first, then each section. */
    public String toText() {
        return dev.poolguard.doctor.ReportText.render(this);
    }

    @Override
    public String toString() {
        return "DoctorReport[" + target + ", " + findings.size() + " findings, worst " + worst() + "]";
    }
}
