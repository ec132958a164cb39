package dev.poolguard.example.calls.queue;

import dev.poolguard.Database;
import dev.poolguard.example.calls.calls.CallStatus;

import java.util.List;

/**
 * Checks the concurrency limits from the calls themselves, independently of the counters the claiming transaction
 * enforces: one query counting each user's and each campaign's calls in an active status, beside their limits. Tests
 * and the demo sample it while calls run; any row over its limit is a violation.
 */
public final class ConcurrencyAudit {

    private static final String SQL = "select 'user' as kind, u.id, count(*) as active, u.max_concurrent_calls as max"
            + " from calls c join users u on u.id = c.user_id where c.status in " + CallStatus.ACTIVE_SQL + " group by u.id"
            + " union all"
            + " select 'campaign', k.id, count(*), k.max_concurrent_calls"
            + " from calls c join campaigns k on k.id = c.campaign_id where c.status in " + CallStatus.ACTIVE_SQL + " group by k.id"
            + " limit " + ConcurrencyAudit.MAX_ROWS;

    /** Rows one sample reads at most (users plus campaigns with active calls). */
    public static final int MAX_ROWS = 10_000;

    /** A user's or campaign's active calls at one moment. */
    public record Usage(String kind, long id, long active, int max) {
        public boolean over() {
            return active > max;
        }
    }

    private final Database db;

    public ConcurrencyAudit(Database db) {
        this.db = db;
    }

    /** Users and campaigns with at least one active call now (one row each: bounded by what is running). */
    public List<Usage> sample() {
        return db.query(SQL, rs -> new Usage(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4)));
    }
}
