package dev.poolguard.example.calls.calls;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.poolguard.example.calls.support.Rows;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** {@code GET /calls/{callSid}}: the call's fields, and {@code stream} (null until a Media Stream started). */
public record CallDetail(@JsonUnwrapped Call call, Stream stream) {

    /**
     * The call's Media Stream: counters as of its last write (a batch of turns, or its end). {@code endReason}:
     * {@code stop} (the provider hung up), {@code closed} (socket closed without stop), {@code silent} (idle timeout),
     * {@code protocol-error}, {@code oversize}, {@code shutdown}; null while it runs.
     */
    public record Stream(@JsonIgnore long id, String streamSid, Instant startedAt, Instant endedAt, long framesIn,
                         long framesOut, int turns, String endReason, boolean conversationCompleted) {
    }

    static final String SELECT = "select " + Call.columns("c") + ", s.id as stream_id, s.stream_sid, s.started_at,"
            + " s.ended_at as stream_ended_at, s.frames_in, s.frames_out, s.turns, s.end_reason, s.conversation_completed"
            + " from calls c left join call_streams s on s.call_id = c.id";

    static CallDetail map(ResultSet rs) throws SQLException {
        long streamId = rs.getLong("stream_id");
        Stream stream = rs.wasNull() ? null : new Stream(streamId, rs.getString("stream_sid"), Rows.instant(rs, "started_at"),
                Rows.instant(rs, "stream_ended_at"), rs.getLong("frames_in"), rs.getLong("frames_out"), rs.getInt("turns"),
                rs.getString("end_reason"), rs.getBoolean("conversation_completed"));
        return new CallDetail(Call.map(rs), stream);
    }
}
