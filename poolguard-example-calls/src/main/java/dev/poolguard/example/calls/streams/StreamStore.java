package dev.poolguard.example.calls.streams;

import dev.poolguard.Database;
import dev.poolguard.Transaction;
import dev.poolguard.example.calls.calls.Call;
import dev.poolguard.example.calls.calls.CallOutcomes;
import dev.poolguard.example.calls.calls.CallStatus;
import dev.poolguard.example.calls.calls.Turn;

import java.util.List;
import java.util.Optional;

/**
 * The database work of a Media Stream, all of it at the stream's edges: {@link #begin} at {@code start} (one indexed
 * lookup and one insert, in one transaction), {@link #write} for a batch of turns, {@link #finish} at the end. Each
 * borrows a connection for its statements only; nothing here runs per audio frame or waits on the socket.
 */
public final class StreamStore {

    /** Why a {@code start} was refused; nothing is stored for it. */
    public enum Refusal {
        /** No call has this call_sid (nor the {@code callId} parameter). */
        UNKNOWN_CALL,
        /** The call is still queued: nobody dialed it. */
        NOT_DIALED,
        /** The call has ended. */
        CALL_OVER,
        /** The call has a stream already, or this streamSid was used. */
        ALREADY_STREAMED
    }

    /** The answer to a {@code start}: a stream id, or a refusal and the reason to close the socket with. */
    public record Begin(long streamId, long callId, Refusal refusal, String reason) {
        static Begin started(long streamId, long callId) {
            return new Begin(streamId, callId, null, null);
        }

        static Begin refused(Refusal refusal, String reason) {
            return new Begin(0, 0, refusal, reason);
        }

        public boolean isStarted() {
            return refusal == null;
        }
    }

    private static final String LOCK_BY_SID = "select " + Call.COLUMNS + " from calls where call_sid = ? for share";

    private final Database db;
    private final StreamLookup lookup;

    public StreamStore(Database db, StreamLookup lookup) {
        this.db = db;
        this.lookup = lookup;
    }

    /**
     * Records a stream for the live call {@code callSid}. The call is found by its indexed call_sid, or, when the
     * provider's {@code start} beat the dialer's write of the sid, by the {@code callId} stream parameter (then the sid
     * is stored, as the status webhook does). With {@link StreamLookup#FETCH_ALL} it is found the incidents' way first.
     */
    public Begin begin(String callSid, Long callIdParameter, String streamSid) {
        if (lookup == StreamLookup.FETCH_ALL) {
            Optional<Call> found = fetchAllThenFind(callSid);
            if (found.isEmpty() && callIdParameter == null) {
                return Begin.refused(Refusal.UNKNOWN_CALL, "no call " + callSid);
            }
        }
        return db.transaction(tx -> {
            Optional<Call> found = tx.queryOne(LOCK_BY_SID, Call::map, callSid);
            if (found.isEmpty() && callIdParameter != null) {
                found = CallOutcomes.lock(tx, callIdParameter).filter(c -> c.callSid() == null || c.callSid().equals(callSid));
                if (found.isPresent() && found.get().callSid() == null) {
                    tx.update("update calls set call_sid = ? where id = ?", callSid, callIdParameter);
                }
            }
            if (found.isEmpty()) {
                return Begin.refused(Refusal.UNKNOWN_CALL, "no call " + callSid);
            }
            Call call = found.get();
            CallStatus status = call.callStatus();
            if (status == CallStatus.QUEUED) {
                return Begin.refused(Refusal.NOT_DIALED, "call " + callSid + " was never dialed");
            }
            if (status.isFinal()) {
                return Begin.refused(Refusal.CALL_OVER, "call " + callSid + " is over (" + status.value() + ")");
            }
            return tx.queryOne("insert into call_streams (call_id, stream_sid) values (?, ?) on conflict do nothing returning id",
                            rs -> rs.getLong(1), call.id(), streamSid)
                    .map(id -> Begin.started(id, call.id()))
                    .orElseGet(() -> Begin.refused(Refusal.ALREADY_STREAMED, "call " + callSid + " already has a stream"));
        });
    }

    /**
     * The incidents' lookup, kept to measure it: every call loaded (every column of every row, as their
     * {@code getAllCalls()} did), then one picked in memory. Borrows a connection for the whole read.
     */
    private Optional<Call> fetchAllThenFind(String callSid) {
        return db.query("select " + Call.COLUMNS + " from calls", Call::map).stream()
                .filter(c -> callSid.equals(c.callSid())).findFirst();
    }

    /** Writes a batch of turns and the stream's counters so far, in one transaction (safe to rerun whole). */
    public void write(long streamId, List<Turn> turns, long framesIn, long framesOut, int turnCount) {
        db.idempotent().transaction(tx -> {
            insertTurns(tx, streamId, turns);
            tx.update("update call_streams set frames_in = ?, frames_out = ?, turns = ? where id = ?",
                    framesIn, framesOut, turnCount, streamId);
            return null;
        });
    }

    /** Writes the last turns and ends the stream with {@code reason}; a stream already ended stays as it was. */
    public void finish(long streamId, List<Turn> turns, long framesIn, long framesOut, int turnCount, String reason,
                       boolean conversationCompleted) {
        db.idempotent().transaction(tx -> {
            insertTurns(tx, streamId, turns);
            tx.update("update call_streams set frames_in = ?, frames_out = ?, turns = ?, ended_at = now(), end_reason = ?,"
                            + " conversation_completed = ? where id = ? and ended_at is null",
                    framesIn, framesOut, turnCount, reason, conversationCompleted, streamId);
            return null;
        });
    }

    /** One statement for the whole batch; a turn written by an earlier try of this transaction is skipped. */
    private static void insertTurns(Transaction tx, long streamId, List<Turn> turns) {
        if (turns.isEmpty()) {
            return;
        }
        int n = turns.size();
        Integer[] seq = new Integer[n];
        String[] speaker = new String[n];
        String[] text = new String[n];
        Long[] at = new Long[n];
        Integer[] duration = new Integer[n];
        Boolean[] interrupted = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Turn t = turns.get(i);
            seq[i] = t.seq();
            speaker[i] = t.speaker();
            text[i] = t.text();
            at[i] = t.atMs();
            duration[i] = t.durationMs();
            interrupted[i] = t.interrupted();
        }
        tx.update("insert into call_turns (stream_id, seq, speaker, text, at_ms, duration_ms, interrupted)"
                + " select ?, t.* from unnest(?::int[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::boolean[])"
                + " as t(seq, speaker, text, at_ms, duration_ms, interrupted)"
                + " on conflict (stream_id, seq) do nothing", streamId, seq, speaker, text, at, duration, interrupted);
    }
}
