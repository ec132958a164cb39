package dev.poolguard.example.calls.calls;

import dev.poolguard.Transaction;
import dev.poolguard.example.calls.campaigns.CampaignCompletion;

import java.util.Optional;

/**
 * Ends a call inside the caller's transaction: its final status, the user's and the campaign's concurrency slots freed
 * (in that order, the order the claiming transaction takes them, so the two cannot deadlock), and the campaign
 * completed if this was its last open call.
 */
public final class CallOutcomes {

    private final CampaignCompletion completion;

    public CallOutcomes(CampaignCompletion completion) {
        this.completion = completion;
    }

    /** Why a call ended when the provider said so: {@code answered} for completed, else the status itself. */
    public static String outcomeOf(CallStatus status) {
        return status == CallStatus.COMPLETED ? "answered" : status.value();
    }

    /**
     * Moves the locked {@code call} to a final status with its {@code outcome}. Returns the outbox id of the campaign
     * summary when this call completed its campaign.
     */
    public Optional<Long> end(Transaction tx, Call call, CallStatus status, Integer durationSeconds, String outcome) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException("end: " + status + " is not a final status");
        }
        tx.update("update calls set status = ?, ended_at = now(), duration_seconds = coalesce(?, duration_seconds),"
                + " outcome = ? where id = ?", status.value(), durationSeconds, outcome, call.id());
        if (call.callStatus().isActive()) {
            tx.update("update users set active_calls = active_calls - 1 where id = ?", call.userId());
            tx.update("update campaigns set active_calls = active_calls - 1 where id = ?", call.campaignId());
        } else {
            tx.queryOne("select id from campaigns where id = ? for update", rs -> rs.getLong(1), call.campaignId());
        }
        return completion.completeIfDone(tx, call.campaignId());
    }

    /** The call, locked for this transaction. */
    public static Optional<Call> lock(Transaction tx, long callId) {
        return tx.queryOne("select " + Call.COLUMNS + " from calls where id = ? for update", Call::map, callId);
    }

    /** The call with this provider id, locked for this transaction. */
    public static Optional<Call> lockBySid(Transaction tx, String callSid) {
        return tx.queryOne("select " + Call.COLUMNS + " from calls where call_sid = ? for update", Call::map, callSid);
    }
}
