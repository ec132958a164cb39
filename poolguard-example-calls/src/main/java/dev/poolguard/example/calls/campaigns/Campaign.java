package dev.poolguard.example.calls.campaigns;

import dev.poolguard.example.calls.support.Rows;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A campaign: leads to call from one number, at most {@code maxConcurrentCalls} at a time. */
public record Campaign(long id, long ownerId, String name, String fromNumber, String status, Instant scheduledAt,
                       int maxConcurrentCalls, int activeCalls, Instant createdAt, Instant startedAt, Instant completedAt) {

    static final String COLUMNS = "id, owner_id, name, from_number, status, scheduled_at, max_concurrent_calls, active_calls,"
            + " created_at, started_at, completed_at";

    static Campaign map(ResultSet rs) throws SQLException {
        return new Campaign(rs.getLong("id"), rs.getLong("owner_id"), rs.getString("name"), rs.getString("from_number"),
                rs.getString("status"), Rows.instant(rs, "scheduled_at"), rs.getInt("max_concurrent_calls"),
                rs.getInt("active_calls"), Rows.instant(rs, "created_at"), Rows.instant(rs, "started_at"),
                Rows.instant(rs, "completed_at"));
    }

    /** Leads may be added, and the campaign started or scheduled, only before it runs. */
    public boolean editable() {
        return "draft".equals(status) || "scheduled".equals(status);
    }
}
