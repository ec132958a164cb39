package dev.poolguard.dashboard;

import dev.poolguard.status.ConnectionCheck;
import dev.poolguard.Database;
import dev.poolguard.event.DatabaseStats;
import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventType;
import dev.poolguard.status.Health;
import dev.poolguard.status.LeaseInfo;
import dev.poolguard.status.PoolStatus;
import dev.poolguard.status.WorkloadStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents behind the page, as maps in a fixed key order. Built only from Poolguard's snapshots, which hold
 * SQL fingerprints and call sites but never bind values; the database URL is the masked one.
 */
final class Views {

    private Views() {
    }

    static Map<String, Object> status(Database db, History history, long sinceMillis) {
        History.Sample now = history.now();
        History.Rates rates = history.rates(now);
        DatabaseStats stats = db.diagnostics().stats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pool", db.config().poolName());
        out.put("database", db.config().maskedUrl());
        dev.poolguard.pooler.Route route = db.diagnostics().status().route();
        out.put("route", map("mode", route.mode(), "description", route.toString()));
        out.put("time", now.t());
        out.put("status", pool(now.pool()));
        List<Map<String, Object>> workloads = new ArrayList<>();
        for (WorkloadStatus w : db.diagnostics().workloads()) {
            workloads.add(map("workload", w.workload(), "limit", w.limit(), "inUse", w.inUse(), "waiting", w.waiting()));
        }
        out.put("workloads", workloads);
        out.put("rates", map("windowSeconds", rates.seconds(),
                "borrows", rates.borrows(), "borrowsPerSecond", rates.perSecond(rates.borrows()),
                "retries", rates.retries(), "retriesPerMinute", 60 * rates.perSecond(rates.retries()),
                "retryRatio", rates.perBorrow(rates.retries()),
                "errors", rates.errors(), "errorsPerMinute", 60 * rates.perSecond(rates.errors()),
                "errorRatio", rates.perBorrow(rates.errors())));
        out.put("totals", map("retries", stats.retries(), "staleConnectionsReplaced", stats.staleConnectionsReplaced(),
                "errors", stats.errors().values().stream().mapToLong(Long::longValue).sum(),
                "connectionsOpened", stats.connectionsOpened(), "connectFailures", stats.connectFailures(),
                "tasksSubmitted", stats.tasksSubmitted(), "tasksFailed", stats.tasksFailed(),
                "tasksRejected", stats.tasksRejected(), "droppedEvents", stats.droppedEvents(),
                "poolerRefusals", stats.poolerRefusals()));
        List<Map<String, Object>> samples = new ArrayList<>();
        for (History.Sample s : history.since(sinceMillis)) {
            Map<String, Object> sample = pool(s.pool());
            sample.put("t", s.t());
            sample.put("workloads", s.workloads());
            samples.add(sample);
        }
        out.put("history", map("intervalMillis", History.INTERVAL.toMillis(), "spanMillis", History.SPAN.toMillis(),
                "samples", samples));
        return out;
    }

    static Map<String, Object> leases(Database db) {
        List<LeaseInfo> leases = new ArrayList<>(db.diagnostics().leases());
        leases.sort(Comparator.comparing(LeaseInfo::heldFor).reversed());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LeaseInfo l : leases) {
            rows.add(map("callSite", l.callSite(), "thread", l.thread(), "workload", l.workload(),
                    "startedAt", l.startedAt().toString(), "heldForMillis", l.heldFor().toMillis(),
                    "idleForMillis", l.idleFor().toMillis(), "sql", l.sql(), "inTransaction", l.inTransaction(),
                    "revoked", l.revoked()));
        }
        return map("time", System.currentTimeMillis(), "leases", rows);
    }

    /** Recent events grouped by category and fingerprint, newest group first, plus counts per category. */
    static Map<String, Object> events(Database db) {
        List<DiagnosticEvent> recent = db.diagnostics().recentEvents();
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<EventCategory, Long> perCategory = new EnumMap<>(EventCategory.class);
        for (EventCategory c : EventCategory.values()) {
            perCategory.put(c, 0L);
        }
        for (DiagnosticEvent e : recent) {
            EventCategory category = EventCategory.of(e);
            perCategory.merge(category, 1L, Long::sum);
            groups.computeIfAbsent(category.id + "|" + e.fingerprint(), k -> new Group(category)).add(e);
        }
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparing((Group g) -> g.last.timestamp()).reversed());
        List<Map<String, Object>> categories = new ArrayList<>();
        perCategory.forEach((c, n) -> categories.add(map("id", c.id, "label", c.label, "count", n)));
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Map.Entry<EventType, Long> t : new EnumMap<>(db.diagnostics().stats().events()).entrySet()) {
            totals.put(t.getKey().name(), t.getValue());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        sorted.forEach(g -> rows.add(g.toMap()));
        return map("time", System.currentTimeMillis(), "recent", recent.size(), "categories", categories,
                "groups", rows, "totals", totals);
    }

    static Map<String, Object> health(Health h) {
        ConnectionCheck p = h.probe();
        Map<String, Object> probe = p == null ? null : map("ok", p.ok(), "roundTripMillis", p.roundTrip().toMillis(),
                "connectMillis", p.connectTime().toMillis(), "serverVersion", p.serverVersion(), "error", p.error());
        return map("status", h.status().name(), "reasons", h.reasons(), "pool", pool(h.pool()), "probe", probe,
                "checkedAt", h.checkedAt().toString());
    }

    static Map<String, Object> problem(int status, String title, String details) {
        // "about:blank": the status says it all (RFC 9457); details say what to do.
        return map("title", title, "status", status, "type", "about:blank", "details", details);
    }

    private static Map<String, Object> pool(PoolStatus p) {
        return map("total", p.total(), "active", p.active(), "idle", p.idle(), "waiting", p.waiting(), "max", p.max());
    }

    /** A map of alternating keys and values, in that order (values may be null). */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    /** Events of one category with one fingerprint. */
    private static final class Group {
        final EventCategory category;
        DiagnosticEvent first;
        DiagnosticEvent last;
        long count;

        Group(EventCategory category) {
            this.category = category;
        }

        void add(DiagnosticEvent e) {
            if (first == null) {
                first = e;
            }
            last = e;
            count++;
        }

        Map<String, Object> toMap() {
            return map("category", category.id, "label", category.label, "type", last.type().name(),
                    "severity", last.severity().name(), "fingerprint", last.fingerprint(), "count", count,
                    "firstSeen", first.timestamp().toString(), "lastSeen", last.timestamp().toString(),
                    "message", last.message(), "callSite", last.context() == null ? null : last.context().callSite(),
                    "sql", last.context() == null ? null : last.context().sql(),
                    "workload", last.context() == null ? null : last.context().workload());
        }
    }
}
