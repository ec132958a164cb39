package dev.poolguard.example.calls.calls;

import dev.poolguard.Database;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads of calls, each on an index: by {@code call_sid}, a campaign's page, a user's active calls. */
public final class CallStore {

    private final Database db;

    public CallStore(Database db) {
        this.db = db;
    }

    /** The incidents' fix: one indexed lookup instead of loading every call to find one. */
    public Optional<Call> bySid(String callSid) {
        return db.queryOne("select " + Call.COLUMNS + " from calls where call_sid = ?", Call::map, callSid);
    }

    /** The call with its Media Stream, if one started: one lookup on the call_sid index, the stream by its call_id. */
    public Optional<CallDetail> detail(String callSid) {
        return db.queryOne(CallDetail.SELECT + " where c.call_sid = ?", CallDetail::map, callSid);
    }

    /** The turns of one stream in order, at most {@code limit} (the agent records at most that many). */
    public List<Turn> turns(long streamId, int limit) {
        return db.query("select " + Turn.COLUMNS + " from call_turns where stream_id = ? order by seq limit ?", Turn::map,
                streamId, limit);
    }

    /** Up to {@code limit + 1} calls of a campaign after the cursor, in id order (keyset paging). */
    public List<Call> page(long campaignId, long after, int limit) {
        return db.query("select " + Call.COLUMNS + " from calls where campaign_id = ? and id > ? order by id limit ?",
                Call::map, campaignId, after, limit + 1);
    }

    public List<Call> activeForUser(long userId, int limit) {
        return db.query("select " + Call.COLUMNS + " from calls where user_id = ? and status in " + CallStatus.ACTIVE_SQL
                + " order by id limit ?", Call::map, userId, limit);
    }

    /** Calls of one campaign by status (at most ten rows: one per status). */
    public Map<String, Long> countsByStatus(long campaignId) {
        return toMap(db.query("select status, count(*) from calls where campaign_id = ? group by status order by status",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)), campaignId));
    }

    /** Every call by status, service-wide (at most ten rows); for {@code /stats} and the demo's status line. */
    public Map<String, Long> countsByStatus() {
        return toMap(db.query("select status, count(*) from calls group by status order by status",
                rs -> Map.entry(rs.getString(1), rs.getLong(2))));
    }

    private static Map<String, Long> toMap(List<Map.Entry<String, Long>> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        rows.forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
