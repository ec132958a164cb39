package dev.poolguard.internal;

import dev.poolguard.internal.sql.SqlShape;
import dev.poolguard.event.EventType;
import dev.poolguard.QueryGuardException;
import dev.poolguard.event.Severity;
import dev.poolguard.guard.QueryGuard;
import dev.poolguard.guard.UnitOfWork;
import dev.poolguard.internal.lease.CallSites;
import dev.poolguard.internal.lease.Lease;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The query guard at run time: rows read per statement against the budget, executions per shape in the unit of work,
 * statement time. Violations fail the call in strict mode, or become events reported at most once per fingerprint
 * per interval (the occurrences in between are counted and told in the next report).
 */
final class Guard {

    private static final int MAX_WINDOWS = 10_000;

    private final Engine engine;
    private final QueryGuard rules;
    /** The rules the statement path reads, unpacked once. */
    private final boolean enabled;
    private final long slowQueryNanos;
    private final int rowBudget;
    private volatile Boolean strictOverride;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    Guard(Engine engine, QueryGuard rules) {
        this.engine = engine;
        this.rules = rules;
        this.enabled = rules.enabled();
        this.slowQueryNanos = rules.slowQuery().toNanos();
        this.rowBudget = rules.rowBudget();
    }

    boolean enabled() {
        return enabled;
    }

    boolean strict() {
        Boolean o = strictOverride;
        return o != null ? o : rules.strict();
    }

    /** Overrides the configured strictness while running. */
    void strict(boolean strict) {
        strictOverride = strict;
    }

    /** The row budget for a call: its own if it set one, else the guard's. */
    int budget(int callBudget) {
        return !enabled ? Integer.MAX_VALUE : callBudget > 0 ? callBudget : rowBudget;
    }

    /**
     * Called while rows are read, when the count passes the budget: in strict mode the call fails now (reading no
     * more); in report mode reading goes on and {@link #rowsRead} reports at the end.
     */
    void overBudget(Lease lease, SqlShape shape, String sql, int rows, int budget) {
        if (strict() && !shape.bounded()) {
            String site = CallSites.here();
            if (!rules.ignores(site)) {
                throw new QueryGuardException(EventType.UNBOUNDED_RESULT, unboundedMessage(shape, rows, budget, site, lease, true),
                        engine.text(sql));
            }
        }
    }

    /** After a statement's rows were read (or its result closed). */
    void rowsRead(Lease lease, SqlShape shape, String sql, int rows, int budget) {
        if (rows <= budget || shape.bounded()) {
            return;
        }
        String site = CallSites.here();
        if (rules.ignores(site)) {
            return;
        }
        report(EventType.UNBOUNDED_RESULT, site, shape, sql, lease, unboundedMessage(shape, rows, budget, site, lease, false));
    }

    private String unboundedMessage(SqlShape shape, int rows, int budget, String site, Lease lease, boolean stopped) {
        return "UNBOUNDED_RESULT: '" + shape.fingerprint() + "' " + (stopped ? "passed " : "read ") + rows
                + " rows (budget " + budget + ") and has no LIMIT, at " + site + "; the connection was held "
                + Watchdog.seconds(engine.now() - lease.startNanos()) + ". Fetch only what you need (WHERE on an indexed"
                + " column, LIMIT), or raise the budget for this call: db.rowBudget(" + Math.max(rows * 2L, budget * 10L)
                + ").query(...)";
    }

    /** After a statement ran: counts it in the unit of work for N+1 detection. */
    void executed(Lease lease, SqlShape shape, String sql, Object[] params) {
        UnitOfWork uow = lease.unitOfWork();
        if (uow == null || !enabled) {
            return;
        }
        counted(uow, lease, shape, sql, params == null ? uow.executions(shape.fingerprint()) : Arrays.hashCode(params));
    }

    /** After a statement ran with parameters hashed as they were bound (fenced JDBC): as {@link #executed(Lease, SqlShape, String, Object[])}. */
    void executed(Lease lease, SqlShape shape, String sql, int parameterHash) {
        UnitOfWork uow = lease.unitOfWork();
        if (uow == null || !enabled) {
            return;
        }
        counted(uow, lease, shape, sql, parameterHash);
    }

    private void counted(UnitOfWork uow, Lease lease, SqlShape shape, String sql, int parameterHash) {
        int distinct = uow.record(shape.fingerprint(), parameterHash, rules.nPlusOneThreshold());
        if (distinct == 0) {
            return;
        }
        String site = CallSites.here();
        if (rules.ignores(site)) {
            return;
        }
        String message = "N_PLUS_ONE: '" + shape.fingerprint() + "' ran " + distinct + " times with different parameters in one "
                + uow.name() + " (threshold " + rules.nPlusOneThreshold() + "), at " + site
                + ". Load the rows in one query (WHERE id = ANY(?), a join), or raise the threshold:"
                + " QueryGuard.builder().nPlusOneThreshold(n), or ignore this call site: QueryGuard.builder().ignore(\""
                + site.replaceAll("\\(.*", "") + "\")";
        if (strict()) {
            throw new QueryGuardException(EventType.N_PLUS_ONE, message, engine.text(sql));
        }
        report(EventType.N_PLUS_ONE, site, shape, sql, lease, message);
    }

    /** A statement took {@code nanos}; slow ones are reported (never failed: timing-based failures make tests flaky). */
    void timed(Lease lease, SqlShape shape, String sql, long nanos) {
        if (!enabled || nanos < slowQueryNanos) {
            return;
        }
        String site = CallSites.here();
        if (rules.ignores(site)) {
            return;
        }
        report(EventType.SLOW_QUERY, site, shape, sql, lease, "SLOW_QUERY: '" + shape.fingerprint() + "' took "
                + nanos / 1_000_000 + "ms (threshold " + rules.slowQuery().toMillis() + "ms), at " + site);
    }

    private void report(EventType type, String site, SqlShape shape, String sql, Lease lease, String message) {
        if (windows.size() > MAX_WINDOWS) {
            windows.clear(); // bounded memory: at worst a fingerprint is reported again early
        }
        Window w = windows.computeIfAbsent(type + "|" + site + "|" + shape.fingerprint(), k -> new Window());
        long now = engine.now();
        long interval = rules.reportInterval().toNanos();
        long last = w.lastReported.get();
        if (last != 0 && now - last < interval) {
            w.suppressed.incrementAndGet();
            return;
        }
        if (!w.lastReported.compareAndSet(last, now)) {
            w.suppressed.incrementAndGet();
            return;
        }
        long suppressed = w.suppressed.getAndSet(0);
        engine.emitter().guard(type, Severity.WARNING, suppressed == 0 ? message
                : message + " (and " + suppressed + " more since the last report)", site, sql, lease);
    }

    private static final class Window {
        final AtomicLong lastReported = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
