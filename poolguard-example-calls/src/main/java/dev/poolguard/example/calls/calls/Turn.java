package dev.poolguard.example.calls.calls;

import dev.poolguard.example.calls.support.Rows;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One turn of a conversation: who spoke ({@code caller} or {@code agent}), what was said, when in stream time
 * (milliseconds from the stream's first frame, from the media timestamps) and for how long. {@code interrupted}: an
 * agent turn the caller talked over, so the agent told the provider to {@code clear} the rest of its audio.
 */
public record Turn(int seq, String speaker, String text, long atMs, int durationMs, boolean interrupted) {

    public static final String CALLER = "caller";
    public static final String AGENT = "agent";
    /** Turns recorded per stream at most (a long conversation goes on, untranscribed); a transcript reads no more. */
    public static final int MAX_PER_STREAM = 500;

    public static final String COLUMNS = "seq, speaker, text, at_ms, duration_ms, interrupted";

    public static Turn map(ResultSet rs) throws SQLException {
        return new Turn(rs.getInt("seq"), rs.getString("speaker"), rs.getString("text"), rs.getLong("at_ms"),
                Rows.integer(rs, "duration_ms"), rs.getBoolean("interrupted"));
    }

    public Turn interruptedAt(long atMs) {
        return new Turn(seq, speaker, text, this.atMs, (int) Math.max(0, Math.min(durationMs, atMs - this.atMs)), true);
    }
}
