package dev.poolguard.internal.doctor;

import dev.poolguard.internal.text.Human;
import dev.poolguard.event.Severity;
import dev.poolguard.doctor.DoctorOptions;
import dev.poolguard.doctor.DoctorReport;
import dev.poolguard.doctor.DoctorReport.Budget;
import dev.poolguard.doctor.DoctorReport.ConnectionGroup;
import dev.poolguard.doctor.DoctorReport.Mode;
import dev.poolguard.doctor.DoctorReport.Session;
import dev.poolguard.doctor.DoctorReport.Setting;
import dev.poolguard.doctor.DoctorReport.Sizing;
import dev.poolguard.doctor.DoctorReport.StatementStat;
import dev.poolguard.doctor.DoctorReport.TableScan;
import dev.poolguard.doctor.Finding;
import dev.poolguard.doctor.Finding.Area;
import dev.poolguard.internal.sql.SqlShape;
import dev.poolguard.internal.doctor.Snapshot.Backend;
import dev.poolguard.internal.doctor.Snapshot.ServerSetting;
import dev.poolguard.internal.doctor.Snapshot.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Turns what the doctor read into findings, each with the numbers behind it and the fix. */
final class Checks {

    /** Slots kept free for consoles, migrations and a rolling deploy's overlap: a tenth of the usable, at least 3. */
    static final int MIN_HEADROOM = 3;
    /** Statements are shown as fingerprints cut to this length. */
    private static final int FINGERPRINT_LIMIT = 160;

    private static final java.util.regex.Pattern WRITE = java.util.regex.Pattern.compile("\\b(insert|update|delete|merge)\\b");

    private final Target target;
    private final DoctorOptions o;
    private final PoolerProbe.Result probe;
    private final Snapshot s;
    private final List<Finding> findings = new ArrayList<>();

    private Checks(Target target, DoctorOptions options, PoolerProbe.Result probe, Snapshot snapshot) {
        this.target = target;
        this.o = options;
        this.probe = probe;
        this.s = snapshot;
    }

    static DoctorReport report(Target target, DoctorOptions options, PoolerProbe.Result probe, Snapshot snapshot,
                               Instant checkedAt, long elapsedMillis, List<String> notes) {
        return new Checks(target, options, probe, snapshot).report(checkedAt, elapsedMillis, notes);
    }

    private DoctorReport report(Instant checkedAt, long elapsedMillis, List<String> notes) {
        Budget budget = budget();
        Mode mode = probe.pooler().mode();
        connections(budget, mode);
        pooler(mode);
        List<Session> sessions = holders();
        List<Setting> settings = timeouts(mode);
        List<TableScan> tables = tables();
        List<StatementStat> statements = statements();
        Sizing sizing = sizing(budget, mode);
        findings.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::area));
        return new DoctorReport(target.maskedUrl(), checkedAt.toString(), elapsedMillis,
                new DoctorReport.Server(s.version(), s.versionNumber(), s.database(), s.user()), probe.pooler(), budget,
                groups(), sessions, settings, tables, statements, sizing, findings, notes);
    }

    // ---- connection budget ----

    private Budget budget() {
        int max = (int) setting("max_connections").asLong();
        int reserved = (int) (setting("superuser_reserved_connections").asLong() + setting("reserved_connections").asLong());
        int byApp = (int) s.backends().stream().filter(b -> b.application().equals(o.applicationName())).count();
        return new Budget(max, reserved, max - reserved, o.poolSize(), o.poolSizeGiven(), o.instances(),
                o.poolSize() * o.instances(), s.backends().size(), byApp);
    }

    private void connections(Budget b, Mode mode) {
        int others = b.inUse() - b.inUseByApplication();
        String pool = "pool size " + b.poolSize() + (b.poolSizeGiven() ? "" : " (Poolguard's default: say --pool-size)")
                + " × " + b.instances() + " instance" + (b.instances() == 1 ? "" : "s") + " = " + b.demand()
                + " connections at full load";
        String limit = "max_connections " + b.maxConnections() + " − " + b.reserved() + " reserved = " + b.usable() + " usable";
        if (mode == Mode.TRANSACTION) {
            add("connections.pooler-clients", Area.CONNECTIONS, Severity.INFO,
                    "Behind a transaction pooler: the pool's connections are the pooler's clients, not server sessions",
                    null, pool + "; the server sees only the pooler's server connections (" + limit + ", "
                            + b.inUse() + " in use now)",
                    "Size the pooler, not max_connections: its client limit (PgBouncer max_client_conn, default 100;"
                            + " Neon 10,000; Supavisor by plan) must exceed " + b.demand()
                            + ", and its server pool (default_pool_size) must fit in " + b.usable() + ".");
        } else if (b.demand() > b.usable()) {
            add("connections.over-budget", Area.CONNECTIONS, Severity.ERROR,
                    "Pool size × instances (" + b.demand() + ") exceeds the server's " + b.usable() + " usable connections",
                    null, pool + "; " + limit + "; " + others + " held now by other applications",
                    "Lower the pool to the recommended size per instance (see Sizing), or put a transaction pooler"
                            + " (PgBouncer, Supavisor) between the instances and the server, or raise max_connections."
                            + " Past the limit new connections fail with 53300 'too many clients' and callers wait"
                            + " out their connection timeout.");
        } else if (b.demand() + others > b.usable()) {
            add("connections.tight-budget", Area.CONNECTIONS, Severity.WARNING,
                    "Pool size × instances (" + b.demand() + ") plus the " + others
                            + " connections other applications hold exceed the server's " + b.usable() + " usable",
                    null, pool + "; " + limit + "; " + others + " held now by other applications",
                    "Lower the pool to the recommended size per instance (see Sizing), or move the other applications'"
                            + " connections behind a pooler.");
        }
        if (b.usable() > 0 && b.inUse() * 10 >= b.usable() * 9) {
            add("connections.near-limit", Area.CONNECTIONS, Severity.WARNING,
                    b.inUse() + " of " + b.usable() + " usable connections are in use now", null,
                    limit + "; in use now by application: " + byApplication(),
                    "Find who holds them (Connections in use, Holders below); new connections fail with 53300 at the limit.");
        }
    }

    private String byApplication() {
        Map<String, Long> counts = s.backends().stream().collect(Collectors.groupingBy(
                b -> b.application().isEmpty() ? "(none)" : b.application(), TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private List<ConnectionGroup> groups() {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        for (Backend b : s.backends()) {
            counts.merge(List.of(b.application(), b.state(), b.client()), 1, Integer::sum);
        }
        List<ConnectionGroup> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new ConnectionGroup(k.get(0), k.get(1), k.get(2), v)));
        out.sort(Comparator.comparingInt(ConnectionGroup::count).reversed()
                .thenComparing(ConnectionGroup::application).thenComparing(ConnectionGroup::state));
        return out;
    }

    private void pooler(Mode mode) {
        if (probe.pooler().name() == null) {
            return;
        }
        add("connections.pooler", Area.CONNECTIONS, Severity.INFO,
                "Behind " + probe.pooler().name() + " in " + mode.name().toLowerCase(Locale.ROOT) + " mode", null,
                String.join("; ", probe.pooler().evidence()),
                mode == Mode.TRANSACTION
                        ? "Keep session state out of the application: SET, advisory locks, LISTEN, temporary tables and"
                                + " WITH HOLD cursors do not survive a commit in this mode."
                        : "Each client connection holds a server connection: size pools as if connecting directly.");
        if (mode != Mode.TRANSACTION) {
            return;
        }
        String threshold = target.setting("prepareThreshold");
        boolean off = "0".equals(threshold);
        // Poolguard's own pool turns server-side prepared statements off behind a transaction pooler unless told NONE
        boolean poolguardHandles = target.poolerSetting() != dev.poolguard.pooler.PoolerMode.NONE;
        String said = probe.preparedEvidence() == null ? "" : probe.preparedEvidence() + "; ";
        if (off) {
            add("connections.prepared-statements", Area.CONNECTIONS, Severity.INFO,
                    "prepareThreshold=0: pgjdbc sends no server-side prepared statements, as this mode needs", null,
                    said + "the URL sets prepareThreshold=0", "Nothing to change.");
        } else if (Boolean.FALSE.equals(probe.preparedStatements())) {
            add("connections.prepared-statements", Area.CONNECTIONS, poolguardHandles ? Severity.INFO : Severity.WARNING,
                    "Server-side prepared statements fail through this pooler" + (poolguardHandles
                            ? ": Poolguard turns them off here, other pgjdbc clients must too"
                            : ", and pooler(NONE) keeps pgjdbc using them"),
                    "prepareThreshold", said + "prepareThreshold is " + (threshold == null ? "pgjdbc's default 5" : threshold)
                            + ": from a statement's 5th run on a connection pgjdbc prepares it on the server, and it fails"
                            + " with 26000 once the pooler switches server connections",
                    (poolguardHandles ? "Poolguard (pooler AUTO or TRANSACTION) needs nothing. For other clients of this"
                            + " URL (HikariCP alone, Flyway, batch jobs): " : "Remove pooler(NONE), or: ")
                            + "add prepareThreshold=0 to the URL, or run PgBouncer 1.21 or later with"
                            + " max_prepared_statements above 0.");
        } else if (Boolean.TRUE.equals(probe.preparedStatements())) {
            add("connections.prepared-statements", Area.CONNECTIONS, Severity.INFO,
                    "The pooler carries prepared statements across server connections", null, said.replaceAll("; $", ""),
                    "Nothing to change.");
        } else {
            add("connections.prepared-statements", Area.CONNECTIONS, Severity.INFO,
                    "Could not tell whether prepared statements survive this pooler", "prepareThreshold",
                    said + "prepareThreshold is " + (threshold == null ? "pgjdbc's default 5" : threshold),
                    "Unless the pooler is PgBouncer 1.21+ with max_prepared_statements above 0, clients other than"
                            + " Poolguard need prepareThreshold=0 in the URL.");
        }
    }

    // ---- holders ----

    private List<Session> holders() {
        Set<Integer> blockers = new LinkedHashSet<>();
        for (Backend b : s.backends()) {
            if (b.waitingForLock()) {
                blockers.addAll(b.blockedBy());
            }
        }
        Map<Integer, Backend> byPid = new LinkedHashMap<>();
        s.backends().forEach(b -> byPid.put(b.pid(), b));
        long hold = o.holdThreshold().toMillis();
        long longRunning = o.longRunningThreshold().toMillis();
        Map<String, List<Backend>> idle = new LinkedHashMap<>();
        Map<String, List<Backend>> running = new LinkedHashMap<>();
        Set<Backend> shown = new LinkedHashSet<>();
        for (Backend b : s.backends()) {
            if (b.idleInTransaction() && b.stateMillis() >= hold) {
                idle.computeIfAbsent(holderKey(b), k -> new ArrayList<>()).add(b);
                shown.add(b);
            } else if (b.active() && !b.waitingForLock() && b.queryMillis() >= longRunning) {
                running.computeIfAbsent(holderKey(b), k -> new ArrayList<>()).add(b);
                shown.add(b);
            }
        }
        idle.forEach((key, group) -> {
            group.sort(Comparator.comparingLong(Backend::stateMillis).reversed());
            Backend worst = group.get(0);
            String site = callSite(worst);
            boolean blocking = group.stream().anyMatch(b -> blockers.contains(b.pid()));
            String who = site != null ? "opened at " + site : "application '" + worst.application() + "'";
            add("holders.idle-in-transaction", Area.HOLDERS, blocking ? Severity.ERROR : Severity.WARNING,
                    (group.size() == 1 ? "A session is" : group.size() + " sessions are") + " idle in transaction for "
                            + (group.size() == 1 ? "" : "up to ") + Human.millis(worst.stateMillis()) + ", " + who
                            + (blocking ? ", blocking others" : ""),
                    site != null ? site : fingerprint(worst),
                    group.stream().limit(5).map(b -> describe(b) + (blockers.contains(b.pid()) ? "; blocks " + blockedBy(b.pid()) : ""))
                            .collect(Collectors.joining(" | ")),
                    (site != null
                            ? "The transaction at " + site + " stays open while the code does something else (a remote"
                                    + " call, a sleep, waiting for a queue): keep only database work inside db.transaction(…)."
                            : "Find where application '" + worst.application() + "' begins this transaction (its last"
                                    + " statement is above) and make every path commit or roll back.")
                            + " Set idle_in_transaction_session_timeout so the server ends such sessions;"
                            + " select pg_terminate_backend(" + worst.pid() + ") ends this one now.");
        });
        running.forEach((key, group) -> {
            group.sort(Comparator.comparingLong(Backend::queryMillis).reversed());
            Backend worst = group.get(0);
            String site = callSite(worst);
            add("holders.long-running", Area.HOLDERS, Severity.WARNING,
                    (group.size() == 1 ? "A statement has" : group.size() + " statements have") + " been running for "
                            + (group.size() == 1 ? "" : "up to ") + Human.millis(worst.queryMillis())
                            + (site != null ? ", sent from " + site : ""),
                    site != null ? site : fingerprint(worst),
                    group.stream().limit(5).map(this::describe).collect(Collectors.joining(" | ")),
                    "Make the statement cheaper (its plan: EXPLAIN it) or bound it: set statement_timeout for the role"
                            + " or database; select pg_cancel_backend(" + worst.pid() + ") cancels it now.");
        });
        for (Backend b : s.backends()) {
            if (!b.waitingForLock() || b.queryMillis() < hold) {
                continue;
            }
            shown.add(b);
            String site = callSite(b);
            List<String> holders = new ArrayList<>();
            for (int pid : b.blockedBy()) {
                Backend blocker = byPid.get(pid);
                holders.add(blocker == null ? "pid " + pid : describe(blocker));
                if (blocker != null) {
                    shown.add(blocker);
                }
            }
            Backend first = byPid.get(b.blockedBy().get(0));
            String firstSite = first == null ? null : callSite(first);
            add("holders.lock-wait", Area.HOLDERS, Severity.WARNING,
                    "A session has waited " + Human.millis(b.queryMillis()) + " for a lock held by pid "
                            + b.blockedBy().stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + (firstSite != null ? " (opened at " + firstSite + ")" : ""),
                    site != null ? site : fingerprint(b),
                    "waiting: " + describe(b) + " | holding: " + String.join(" | ", holders),
                    "End the holder's transaction" + (first != null && first.idleInTransaction()
                            ? " (it is idle in transaction: a commit or rollback is missing on some path)" : "")
                            + "; set lock_timeout so waiters fail fast instead of holding their own connection.");
        }
        List<Session> out = new ArrayList<>();
        for (Backend b : shown) {
            out.add(new Session(b.pid(), b.application(), b.client(), b.state(), b.transactionMillis(), b.stateMillis(),
                    b.waitEventType() == null ? null : b.waitEventType() + ": " + b.waitEvent(), b.blockedBy(),
                    fingerprint(b), callSite(b)));
        }
        return out;
    }

    private String blockedBy(int pid) {
        return s.backends().stream().filter(w -> w.waitingForLock() && w.blockedBy().contains(pid))
                .map(w -> "pid " + w.pid()).collect(Collectors.joining(", "));
    }

    private static String holderKey(Backend b) {
        String site = callSite(b);
        return site != null ? site : b.application() + "\n" + fingerprint(b);
    }

    private String describe(Backend b) {
        StringBuilder sb = new StringBuilder("pid ").append(b.pid()).append(" (application '").append(b.application())
                .append("', client ").append(b.client()).append("): ").append(b.state());
        if (b.idleInTransaction()) {
            sb.append(" for ").append(Human.millis(b.stateMillis()));
        } else if (b.active()) {
            sb.append(" for ").append(Human.millis(b.queryMillis()));
        }
        if (b.transactionMillis() != null) {
            sb.append(", transaction open ").append(Human.millis(b.transactionMillis()));
        }
        sb.append(b.active() ? "; statement: " : "; last statement: ").append(fingerprint(b));
        String site = callSite(b);
        if (site != null) {
            sb.append(" at ").append(site);
        }
        return sb.toString();
    }

    static String callSite(Backend b) {
        return b.queryVisible() ? SqlShape.stampedCallSite(b.query()) : null;
    }

    static String fingerprint(Backend b) {
        if (b.query() == null || b.query().isBlank()) {
            return "(none)";
        }
        if (!b.queryVisible()) {
            return b.query();
        }
        return Human.cut(SqlShape.fingerprint(b.query()), FINGERPRINT_LIMIT);
    }

    // ---- timeouts ----

    private List<Setting> timeouts(Mode mode) {
        List<Setting> out = new ArrayList<>();
        for (ServerSetting v : s.settings().values()) {
            out.add(new Setting(v.name(), display(v), v.source()));
        }
        String db = s.database().matches("[a-z_][a-z0-9_]*") ? s.database() : "\"" + s.database().replace("\"", "\"\"") + "\"";
        ServerSetting idleTx = setting("idle_in_transaction_session_timeout");
        if (idleTx.millis() == 0) {
            add("timeouts.no-idle-in-transaction-timeout", Area.TIMEOUTS, Severity.WARNING,
                    "No idle_in_transaction_session_timeout: a transaction left open holds its connection and its locks forever",
                    "idle_in_transaction_session_timeout",
                    "idle_in_transaction_session_timeout = 0 (source: " + idleTx.source() + ")",
                    "ALTER DATABASE " + db + " SET idle_in_transaction_session_timeout = '60s'; (or ALTER ROLE …):"
                            + " new sessions get it, and a forgotten transaction ends with 25P03 instead of exhausting the pool.");
        }
        ServerSetting statement = setting("statement_timeout");
        if (statement.millis() == 0) {
            add("timeouts.no-statement-timeout", Area.TIMEOUTS, Severity.INFO,
                    "No statement_timeout: a runaway statement runs until the pool's socketTimeout ("
                            + Human.timeout(o.socketTimeout().toMillis()) + ") gives up on it", "statement_timeout",
                    "statement_timeout = 0 (source: " + statement.source() + ")",
                    "ALTER DATABASE " + db + " SET statement_timeout = '30s'; (longer for reporting roles) so the server"
                            + " cancels what no caller waits for any more.");
        }
        ServerSetting idleSession = setting("idle_session_timeout");
        long poolIdle = o.keepaliveTime().isZero() ? o.maxLifetime().toMillis() : o.keepaliveTime().toMillis();
        if (mode != Mode.TRANSACTION && idleSession.millis() > 0 && (poolIdle == 0 || idleSession.millis() <= poolIdle)) {
            add("timeouts.idle-session-kills-pool", Area.TIMEOUTS, Severity.WARNING,
                    "idle_session_timeout (" + Human.millis(idleSession.millis()) + ") ends pool connections while they sit idle",
                    "idle_session_timeout",
                    "the pool leaves a connection idle up to " + (poolIdle == 0 ? "forever" : Human.millis(poolIdle))
                            + (o.keepaliveTime().isZero() ? " (maxLifetime; keepalive off)" : " (keepaliveTime)")
                            + "; idle_session_timeout = " + Human.millis(idleSession.millis()) + " (source: " + idleSession.source() + ")",
                    "Set the pool's keepaliveTime below " + Human.millis(idleSession.millis())
                            + " (it is a query, so the session is not idle), or raise idle_session_timeout above maxLifetime.");
        }
        if (o.maxLifetime().isZero()) {
            add("timeouts.unbounded-lifetime", Area.TIMEOUTS, Severity.WARNING,
                    "The pool's maxLifetime is 0: connections live until something in between kills them", "maxLifetime",
                    "maxLifetime = 0", "Set maxLifetime below every idle limit on the path (Neon 5 min, RDS Proxy 30 min);"
                            + " Poolguard's default is " + Human.millis(dev.poolguard.DatabaseConfig.DEFAULT_MAX_LIFETIME.toMillis()) + ".");
        }
        providerLimit();
        if (!o.tcpKeepAlive()) {
            add("timeouts.no-tcp-keepalive", Area.TIMEOUTS, Severity.WARNING,
                    "TCP keepalive is off: a connection whose network path died is found only when a request uses it",
                    "tcpKeepAlive", "tcpKeepAlive = false",
                    "Turn tcpKeepAlive on (Poolguard's default), so the operating system probes idle connections.");
        }
        if (o.socketTimeout().isZero()) {
            add("timeouts.no-socket-timeout", Area.TIMEOUTS, Severity.WARNING,
                    "socketTimeout is 0: a read on a dead network path waits forever, holding its pool connection",
                    "socketTimeout", "socketTimeout = 0",
                    "Set socketTimeout above your slowest statement (Poolguard's default is 60 s).");
        }
        return out;
    }

    /** Providers that end idle clients or suspend the server: the pool's lifetime must be shorter. */
    private void providerLimit() {
        String host = target.host().toLowerCase(Locale.ROOT);
        String provider = null;
        long limit = 0;
        if (target.provider() == dev.poolguard.pooler.Provider.NEON) {
            provider = "Neon suspends an idle compute after 5 min (its default), terminating every connection (57P01)";
            limit = 5 * 60_000;
        } else if (target.provider() == dev.poolguard.pooler.Provider.AWS_RDS && host.contains(".proxy-")) {
            provider = "RDS Proxy closes clients idle for 30 min (its default IdleClientTimeout)";
            limit = 30 * 60_000;
        }
        if (provider == null) {
            return;
        }
        long lifetime = o.maxLifetime().toMillis();
        if (lifetime == 0 || lifetime >= limit) {
            add("timeouts.outlives-provider", Area.TIMEOUTS, Severity.WARNING,
                    "Pool connections outlive the provider's idle limit: they die in the pool", "maxLifetime",
                    provider + "; the pool's maxLifetime is " + (lifetime == 0 ? "0 (forever)" : Human.millis(lifetime)),
                    "Set maxLifetime below " + Human.millis(limit) + " (Poolguard's default 4 min is).");
        }
    }

    private static String display(ServerSetting v) {
        if ("ms".equals(v.unit()) || "s".equals(v.unit()) || "min".equals(v.unit())) {
            long ms = v.millis();
            if (ms == 0 && v.name().startsWith("tcp_keepalives")) {
                return "0 (operating system default)";
            }
            return Human.timeout(ms);
        }
        return v.setting();
    }

    // ---- queries ----

    private List<TableScan> tables() {
        List<TableScan> out = new ArrayList<>();
        for (Table t : s.tables()) {
            out.add(new TableScan(t.qualified(), t.rows(), t.seqScans(), t.seqRowsRead(), t.indexScans(),
                    t.unindexedColumns(), t.callSites()));
            String counters = Human.count(t.rows()) + " rows; " + Human.count(t.seqScans()) + " sequential scans read "
                    + Human.count(t.seqRowsRead()) + " rows (" + Human.count(t.seqRowsRead() / Math.max(1, t.seqScans()))
                    + " per scan); " + Human.count(t.indexScans()) + " index scans";
            if (!t.unindexedColumns().isEmpty()) {
                String columns = String.join(", ", t.unindexedColumns());
                add("queries.unindexed-search", Area.QUERIES, Severity.WARNING,
                        "Table " + t.qualified() + " (" + Human.count(t.rows()) + " rows) is searched by " + columns
                                + " with no index: every lookup reads the whole table",
                        t.qualified() + "." + t.unindexedColumns().get(0),
                        counters + "; statement '" + Human.cut(t.evidenceSql(), FINGERPRINT_LIMIT) + "'"
                                + (t.callSites().isEmpty() ? "" : " at " + String.join(", ", t.callSites()))
                                + " plans a Seq Scan with Filter: " + t.evidenceFilter(),
                        "CREATE INDEX CONCURRENTLY ON " + t.qualified() + " (" + columns + ");"
                                + " (the incidents' fix for call_sid: look up one row by an indexed key).");
            } else if (!t.wholeReads().isEmpty()) {
                add("queries.whole-table-read", Area.QUERIES, Severity.INFO,
                        "Table " + t.qualified() + " (" + Human.count(t.rows()) + " rows) is read whole by "
                                + t.wholeReads().size() + " statement" + (t.wholeReads().size() == 1 ? "" : "s"),
                        t.qualified(), counters + "; " + String.join(" | ", t.wholeReads()),
                        "If the application filters these rows in memory (the incidents' getAllCalls().find(…)), query"
                                + " for the row it wants by an indexed key instead.");
            } else if (t.explained() > 0) {
                add("queries.sequential-scans-before", Area.QUERIES, Severity.INFO,
                        "Table " + t.qualified() + " was read mostly by sequential scans, but the statements seen now use indexes",
                        t.qualified(), counters + "; " + t.explained() + " statement(s) touching it plan index scans now",
                        "Nothing to change; the counters are cumulative since the last statistics reset (pg_stat_reset()).");
            } else if (t.seqScans() >= 10) {
                add("queries.sequential-scans", Area.QUERIES, Severity.WARNING,
                        "Table " + t.qualified() + " (" + Human.count(t.rows()) + " rows) is read mostly by sequential scans",
                        t.qualified(), counters + "; no statement touching it was seen now, so the column is unknown",
                        "Install pg_stat_statements to name the statements (and run the doctor again), or look for"
                                + " lookups on " + t.qualified() + " by a column with no index.");
            }
        }
        return out;
    }

    private List<StatementStat> statements() {
        List<StatementStat> out = new ArrayList<>();
        for (Snapshot.Statement st : s.statements()) {
            long perCall = st.rows() / Math.max(1, st.calls());
            String fp = Human.cut(SqlShape.fingerprint(st.query()), FINGERPRINT_LIMIT);
            // rows of a write are rows written; only reads hand rows to the application
            if (perCall < o.rowsPerCall() || !(fp.startsWith("select") || fp.startsWith("with") && !WRITE.matcher(fp).find())) {
                continue;
            }
            String site = SqlShape.stampedCallSite(st.query());
            out.add(new StatementStat(fp, site, st.calls(), st.rows(), perCall, Math.round(st.meanMillis() * 100) / 100.0));
            add("queries.rows-per-call", Area.QUERIES, Severity.WARNING,
                    "A statement returns " + Human.count(perCall) + " rows per call" + (site != null ? ", sent from " + site : ""),
                    site != null ? site : fp,
                    "'" + fp + "': " + Human.count(st.calls()) + " calls returned " + Human.count(st.rows()) + " rows, "
                            + String.format(Locale.ROOT, "%.1f", st.meanMillis()) + " ms per call (pg_stat_statements)",
                    "If the caller keeps a few of those rows (the incidents' getAllCalls().find(…)), filter in SQL by an"
                            + " indexed key and add a LIMIT; if it needs them all, page through them.");
        }
        return out;
    }

    // ---- sizing ----

    private Sizing sizing(Budget b, Mode mode) {
        List<String> why = new ArrayList<>();
        int others = b.inUse() - b.inUseByApplication();
        int headroom = Math.max(MIN_HEADROOM, b.usable() / 10);
        int forApp = b.usable() - others - headroom;
        int perInstance = Math.max(1, forApp / b.instances());
        long busy = s.backends().stream().filter(x -> x.application().equals(o.applicationName())
                && (x.active() || x.idleInTransaction())).count();
        why.add("max_connections " + b.maxConnections() + " − " + b.reserved() + " reserved = " + b.usable() + " usable");
        why.add("− " + others + " held now by other applications − " + headroom
                + " headroom (a tenth, at least 3: consoles, migrations, a rolling deploy's overlap) = " + forApp
                + " for '" + o.applicationName() + "'");
        why.add("÷ " + b.instances() + " instance" + (b.instances() == 1 ? "" : "s") + " = " + perInstance + " per instance");
        why.add("observed now: " + busy + " busy connection" + (busy == 1 ? "" : "s") + " (active or in a transaction) from '"
                + o.applicationName() + "' across all instances, about " + (busy + b.instances() - 1) / b.instances()
                + " per instance; a single snapshot, so use the dashboard's peak in-use if you have it");
        int recommended;
        if (mode == Mode.TRANSACTION) {
            recommended = b.poolSize();
            why.add("behind a transaction pooler the server limit binds the pooler's server pool, not this pool: keep "
                    + b.poolSize() + " per instance while pool × instances (" + b.demand()
                    + ") stays under the pooler's client limit");
        } else if (b.poolSize() <= perInstance) {
            recommended = b.poolSize();
            why.add("the pool's " + b.poolSize() + " fits: keep it" + (busy * 2 < b.poolSize() * (long) b.instances() && b.poolSize() > 10
                    ? " (fewer would do if the busy count above is typical: a pool larger than its peak only idles)" : ""));
        } else {
            recommended = perInstance;
            why.add("the pool's " + b.poolSize() + " does not fit: lower it to " + perInstance
                    + "; more instances need smaller pools or a transaction pooler");
        }
        add("sizing.recommended", Area.SIZING, Severity.INFO,
                "Recommended pool size per instance: " + recommended, null, String.join("; ", why),
                recommended == b.poolSize() ? "Nothing to change." : "maxPoolSize(" + recommended + ") or POOLGUARD_MAX_POOL_SIZE="
                        + recommended + " on each instance.");
        return new Sizing(recommended, why);
    }

    private ServerSetting setting(String name) {
        ServerSetting v = s.settings().get(name);
        return v != null ? v : new ServerSetting(name, "0", null, "absent on this server version");
    }

    private void add(String code, Area area, Severity severity, String title, String subject, String evidence, String fix) {
        findings.add(new Finding(code, area, severity, title, subject, evidence, fix));
    }
}
