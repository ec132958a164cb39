package dev.poolguard.example.calls.calls;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.poolguard.example.calls.support.Rows;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** One call to one lead; {@code callSid} is the provider's id, set once the call is dialed. */
public record Call(long id, String callSid, long campaignId, long leadId, long userId, String status, Instant queuedAt,
                   Instant dialedAt, Instant answeredAt, Instant endedAt, Integer durationSeconds, String outcome,
                   String dialedBy) {

    public static final String COLUMNS = "id, call_sid, campaign_id, lead_id, user_id, status, queued_at, dialed_at, answered_at,"
            + " ended_at, duration_seconds, outcome, dialed_by";

    /** {@link #COLUMNS} qualified with a table alias, for joins ({@code c.id, c.call_sid, ...}). */
    public static String columns(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(",\\s*")).map(c -> alias + "." + c)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public static Call map(ResultSet rs) throws SQLException {
        return new Call(rs.getLong("id"), rs.getString("call_sid"), rs.getLong("campaign_id"), rs.getLong("lead_id"),
                rs.getLong("user_id"), rs.getString("status"), Rows.instant(rs, "queued_at"), Rows.instant(rs, "dialed_at"),
                Rows.instant(rs, "answered_at"), Rows.instant(rs, "ended_at"), Rows.integer(rs, "duration_seconds"),
                rs.getString("outcome"), rs.getString("dialed_by"));
    }

    @JsonIgnore
    public CallStatus callStatus() {
        return CallStatus.of(status);
    }
}
