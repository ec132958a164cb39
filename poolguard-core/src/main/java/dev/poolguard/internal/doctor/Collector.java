package dev.poolguard.internal.doctor;

import dev.poolguard.doctor.DoctorOptions;
import dev.poolguard.internal.sql.SqlShape;
import dev.poolguard.internal.doctor.Snapshot.Backend;
import dev.poolguard.internal.doctor.Snapshot.ServerSetting;
import dev.poolguard.internal.doctor.Snapshot.Statement;
import dev.poolguard.internal.doctor.Snapshot.Table;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads everything in one read-only transaction whose statements are bounded by {@code SET LOCAL statement_timeout}
 * (local, so a transaction pooler does not carry it to another client). Parts that may be missing (pg_stat_statements,
 * plans) run under savepoints: a failure there becomes a note, not a failed diagnosis.
 */
final class Collector {

    /** Read before the doctor's own SET LOCAL, so they are what sessions of this role and database get. */
    static final List<String> SETTINGS = List.of("max_connections", "superuser_reserved_connections",
            "reserved_connections", "statement_timeout", "idle_in_transaction_session_timeout", "idle_session_timeout",
            "transaction_timeout", "lock_timeout", "tcp_keepalives_idle", "tcp_keepalives_interval",
            "tcp_keepalives_count");

    /** Plans read per diagnosis at most: each is bounded by the statement timeout, but they add up. */
    private static final int MAX_PLANS = 20;
    private static final Pattern SEQ_SCAN = Pattern.compile("(?:Parallel )?Seq Scan on (?:\"?[^\\s\".]+\"?\\.)?\"?([^\\s\"]+)\"?");
    private static final Pattern FILTER = Pattern.compile("^\\s*Filter: (.*)$");
    private static final Pattern IDENTIFIER = Pattern.compile("\"([^\"]+)\"|\\b([A-Za-z_][A-Za-z0-9_$]*)\\b");
    private static final Pattern PARAMETER = Pattern.compile("\\$\\d");
    private static final Pattern EXPLAINABLE = Pattern.compile("(?is)^\\s*(?:/\\*.*?\\*/\\s*)*(select|with|update|delete)\\b.*");

    private final Connection c;
    private final DoctorOptions options;
    private final List<String> notes;

    private Collector(Connection c, DoctorOptions options, List<String> notes) {
        this.c = c;
        this.options = options;
        this.notes = notes;
    }

    static Snapshot collect(Connection c, DoctorOptions options, List<String> notes) throws SQLException {
        c.setAutoCommit(false);
        c.setReadOnly(true);
        try {
            return new Collector(c, options, notes).read();
        } finally {
            c.rollback();
        }
    }

    private Snapshot read() throws SQLException {
        Map<String, ServerSetting> settings = settings();
        long timeout = options.statementTimeout().toMillis();
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("set local statement_timeout = " + timeout);
            s.execute("set local lock_timeout = " + timeout);
            s.execute("set local idle_in_transaction_session_timeout = " + Math.max(timeout * 4, 10_000));
        }
        String version;
        int versionNumber;
        String database;
        String user;
        int pid;
        String client;
        try (java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('server_version'), current_setting('server_version_num')::int,"
                     + " current_database(), current_user, pg_backend_pid(), coalesce(host(inet_client_addr()), 'local')")) {
            rs.next();
            version = rs.getString(1);
            versionNumber = rs.getInt(2);
            database = rs.getString(3);
            user = rs.getString(4);
            pid = rs.getInt(5);
            client = rs.getString(6);
        }
        List<Backend> backends = backends();
        List<Statement> statements = new ArrayList<>();
        boolean installed = statements(versionNumber, statements);
        List<Table> tables = tables(versionNumber, backends, statements);
        return new Snapshot(version, versionNumber, database, user, pid, client, settings, backends, tables, statements, installed);
    }

    private Map<String, ServerSetting> settings() throws SQLException {
        Map<String, ServerSetting> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select name, setting, unit, source from pg_settings where name = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", SETTINGS.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, ServerSetting> found = new LinkedHashMap<>();
                while (rs.next()) {
                    found.put(rs.getString(1), new ServerSetting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
                for (String name : SETTINGS) {
                    if (found.containsKey(name)) {
                        out.put(name, found.get(name));
                    }
                }
            }
        }
        return out;
    }

    private List<Backend> backends() throws SQLException {
        List<Backend> out = new ArrayList<>();
        try (java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pid, coalesce(datname, ''), datname = current_database(),"
                     + " coalesce(application_name, ''), coalesce(host(client_addr), 'local'), coalesce(state, 'unknown'),"
                     + " (extract(epoch from now() - xact_start) * 1000)::bigint,"
                     + " coalesce((extract(epoch from now() - state_change) * 1000)::bigint, 0),"
                     + " coalesce((extract(epoch from now() - query_start) * 1000)::bigint, 0),"
                     + " wait_event_type, wait_event, query,"
                     + " case when wait_event_type = 'Lock' then pg_blocking_pids(pid) end"
                     + " from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()"
                     + " order by pid")) {
            while (rs.next()) {
                long xact = rs.getLong(7);
                Long transactionMillis = rs.wasNull() ? null : Math.max(0, xact);
                List<Integer> blockedBy = new ArrayList<>();
                Array blockers = rs.getArray(13);
                if (blockers != null) {
                    for (Object o : (Object[]) blockers.getArray()) {
                        blockedBy.add(((Number) o).intValue());
                    }
                }
                out.add(new Backend(rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), transactionMillis, Math.max(0, rs.getLong(8)), Math.max(0, rs.getLong(9)),
                        rs.getString(10), rs.getString(11), rs.getString(12), blockedBy));
            }
        }
        return out;
    }

    /** pg_stat_statements of this database, heaviest first; false when it is not installed or not readable. */
    private boolean statements(int versionNumber, List<Statement> out) throws SQLException {
        boolean installed;
        try (java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select exists (select 1 from pg_extension where extname = 'pg_stat_statements')")) {
            rs.next();
            installed = rs.getBoolean(1);
        }
        if (!installed) {
            notes.add("pg_stat_statements is not installed in this database: statements are known only from"
                    + " pg_stat_activity (each session's current or last statement). Install it"
                    + " (shared_preload_libraries = 'pg_stat_statements', then CREATE EXTENSION pg_stat_statements)"
                    + " to see every statement's rows per call.");
            return false;
        }
        String total = versionNumber >= 130000 ? "total_exec_time" : "total_time";
        String mean = versionNumber >= 130000 ? "mean_exec_time" : "mean_time";
        return optional("reading pg_stat_statements", () -> {
            try (java.sql.Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select query, calls, rows, " + mean + " from pg_stat_statements s"
                         + " join pg_database d on d.oid = s.dbid where d.datname = current_database() and calls > 0"
                         + " and query not like '%pg_stat_statements%' order by " + total + " desc limit 200")) {
                while (rs.next()) {
                    out.add(new Statement(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4)));
                }
            }
        });
    }

    private List<Table> tables(int versionNumber, List<Backend> backends, List<Statement> statements) throws SQLException {
        List<Table> out = new ArrayList<>();
        record Candidate(long relid, String schema, String name, long rows, long seqScans, long seqRowsRead, long indexScans) {
        }
        List<Candidate> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select s.relid, s.schemaname, s.relname,"
                + " greatest(s.n_live_tup, c.reltuples::bigint), s.seq_scan, s.seq_tup_read, coalesce(s.idx_scan, 0)"
                + " from pg_stat_user_tables s join pg_class c on c.oid = s.relid"
                + " where greatest(s.n_live_tup, c.reltuples::bigint) >= ? and s.seq_scan > 0"
                + " and s.seq_scan >= coalesce(s.idx_scan, 0) order by s.seq_tup_read desc limit 20")) {
            ps.setLong(1, options.largeTableRows());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new Candidate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        int[] plansLeft = {MAX_PLANS};
        boolean[] skippedOldServer = {false};
        for (Candidate t : candidates) {
            Map<String, Boolean> columns = columns(t.relid());
            Set<String> unindexed = new LinkedHashSet<>();
            Set<String> sites = new LinkedHashSet<>();
            Set<String> wholeReads = new LinkedHashSet<>();
            String[] evidence = new String[2];
            int explained = 0;
            Set<String> seen = new LinkedHashSet<>();
            for (String sql : texts(backends, statements)) {
                if (!mentions(sql, t.schema(), t.name()) || !EXPLAINABLE.matcher(sql).matches()
                        || !seen.add(SqlShape.fingerprint(sql)) || plansLeft[0] <= 0) {
                    continue;
                }
                if (versionNumber < 160000 && PARAMETER.matcher(sql).find()) {
                    skippedOldServer[0] = true;
                    continue;
                }
                plansLeft[0]--;
                List<String> plan = new ArrayList<>();
                boolean ok = optional(null, () -> plan.addAll(explain(versionNumber, sql)));
                if (!ok) {
                    continue;
                }
                explained++;
                List<String> filtered = seqScanFilters(plan, t.name());
                if (filtered == null) {
                    continue;
                }
                String site = SqlShape.stampedCallSite(sql);
                if (site != null) {
                    sites.add(site);
                }
                if (filtered.isEmpty()) {
                    wholeReads.add(SqlShape.fingerprint(sql) + (site == null ? "" : " at " + site));
                }
                for (String filter : filtered) {
                    for (String column : identifiers(filter)) {
                        if (Boolean.FALSE.equals(columns.get(column))) {
                            unindexed.add(column);
                            if (evidence[0] == null) {
                                evidence[0] = filter;
                                evidence[1] = SqlShape.fingerprint(sql);
                            }
                        }
                    }
                }
            }
            out.add(new Table(t.schema(), t.name(), t.rows(), t.seqScans(), t.seqRowsRead(), t.indexScans(),
                    List.copyOf(unindexed), explained, List.copyOf(sites), evidence[0], evidence[1], List.copyOf(wholeReads)));
        }
        if (skippedOldServer[0]) {
            notes.add("this server is older than PostgreSQL 16: statements with parameters cannot be explained"
                    + " (EXPLAIN (GENERIC_PLAN) is 16+), so unindexed columns are named only from statements without them.");
        }
        return out;
    }

    /** Column name → whether an index leads with it. */
    private Map<String, Boolean> columns(long relid) throws SQLException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select a.attname, exists (select 1 from pg_index i"
                + " where i.indrelid = a.attrelid and i.indkey[0] = a.attnum) from pg_attribute a"
                + " where a.attrelid = ? and a.attnum > 0 and not a.attisdropped")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        return out;
    }

    /** Statement texts from pg_stat_statements and pg_stat_activity of this database. */
    private static List<String> texts(List<Backend> backends, List<Statement> statements) {
        Set<String> out = new LinkedHashSet<>();
        for (Statement s : statements) {
            if (s.query() != null && !s.query().equals("<insufficient privilege>")) {
                out.add(s.query());
            }
        }
        for (Backend b : backends) {
            if (b.sameDatabase() && b.queryVisible()) {
                out.add(b.query());
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean mentions(String sql, String schema, String table) {
        String name = "\"?" + Pattern.quote(table) + "\"?";
        return Pattern.compile("(?is)\\b(from|join|update)\\s+(\"?" + Pattern.quote(schema) + "\"?\\s*\\.\\s*)?" + name + "(\\s|$|,|\\)|;)")
                .matcher(sql).find();
    }

    private List<String> explain(int versionNumber, String sql) throws SQLException {
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1);
        }
        List<String> lines = new ArrayList<>();
        try (java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery((versionNumber >= 160000 ? "explain (generic_plan) " : "explain ") + text)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    /** The filters of sequential scans on {@code table} in a text plan; {@code null} when none scans it. */
    static List<String> seqScanFilters(List<String> plan, String table) {
        List<String> filters = null;
        boolean inScan = false;
        for (String line : plan) {
            Matcher scan = SEQ_SCAN.matcher(line);
            if (scan.find()) {
                inScan = scan.group(1).equals(table);
                if (inScan && filters == null) {
                    filters = new ArrayList<>();
                }
                continue;
            }
            if (line.contains("->")) {
                inScan = false;
                continue;
            }
            Matcher filter = FILTER.matcher(line);
            if (inScan && filter.matches()) {
                filters.add(filter.group(1));
            }
        }
        return filters;
    }

    static Set<String> identifiers(String filter) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(filter.replaceAll("'(?:[^']|'')*'", "''"));
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** Runs {@code work} under a savepoint; a failure rolls back to it and, with a {@code what}, becomes a note. */
    private boolean optional(String what, Work work) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            work.run();
            c.releaseSavepoint(sp);
            return true;
        } catch (SQLException e) {
            c.rollback(sp);
            if (what != null) {
                notes.add(what + " failed (" + dev.poolguard.internal.Redaction.message(e) + ")");
            }
            return false;
        }
    }
}
