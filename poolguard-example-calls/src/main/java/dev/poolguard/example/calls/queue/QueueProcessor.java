package dev.poolguard.example.calls.queue;

import dev.poolguard.Database;
import dev.poolguard.Transaction;
import dev.poolguard.example.calls.calls.Call;
import dev.poolguard.example.calls.calls.CallOutcomes;
import dev.poolguard.example.calls.calls.CallStatus;
import dev.poolguard.example.calls.email.SummaryMailer;
import dev.poolguard.example.calls.streams.MediaStreams;
import dev.poolguard.example.calls.telephony.DialRequest;
import dev.poolguard.example.calls.telephony.TelephonyProvider;
import dev.poolguard.example.calls.webhooks.StatusWebhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The call queue processor and concurrency manager. A worker claims one queued call per transaction with
 * {@code FOR UPDATE SKIP LOCKED} (so instances never claim the same call), takes a slot from the owner's and the
 * campaign's active-call limit in that same transaction (a conditional increment, so the limits hold across
 * instances), deletes the queue row and marks the call dialing. Only after the commit does it dial, outside any
 * transaction, and then records the provider's call_sid.
 */
public final class QueueProcessor {

    private static final Logger log = LoggerFactory.getLogger(QueueProcessor.class);
    /** Stuck dials failed per transaction (each ends a call: a few statements). */
    static final int STUCK_PER_PASS = 5;

    private static final String NEXT_CLAIMABLE = "select q.call_id, c.user_id, c.campaign_id, l.phone, k.from_number"
            + " from call_queue q"
            + " join calls c on c.id = q.call_id"
            + " join users u on u.id = c.user_id"
            + " join campaigns k on k.id = c.campaign_id"
            + " join leads l on l.id = c.lead_id"
            + " where q.available_at <= now() and k.status = 'running'"
            + " and u.active_calls < u.max_concurrent_calls and k.active_calls < k.max_concurrent_calls"
            + " order by q.available_at, q.call_id limit 1"
            + " for update of q skip locked";

    /** A call this instance claimed and must dial. */
    record Claim(long callId, long userId, long campaignId, String to, String from) {
    }

    private enum Attempt { CLAIMED, RACED, EMPTY }

    private record ClaimResult(Attempt attempt, Claim claim) {
    }

    private final Database db;
    private final TelephonyProvider provider;
    private final CallOutcomes outcomes;
    private final SummaryMailer mailer;
    private final String instanceId;
    private final int batch;
    private final Duration dialTimeout;
    private final Supplier<URI> callbackBase;
    private final LongAdder dialed = new LongAdder();
    private final LongAdder dialFailures = new LongAdder();
    private final LongAdder raced = new LongAdder();
    private final LongAdder stuck = new LongAdder();

    public QueueProcessor(Database db, TelephonyProvider provider, CallOutcomes outcomes, SummaryMailer mailer,
                          String instanceId, int batch, Duration dialTimeout, Supplier<URI> callbackBase) {
        this.db = db;
        this.provider = provider;
        this.outcomes = outcomes;
        this.mailer = mailer;
        this.instanceId = instanceId;
        this.batch = batch;
        this.dialTimeout = dialTimeout;
        this.callbackBase = callbackBase;
    }

    /** One worker's turn: claims and dials up to the batch size; returns how many calls it dialed. */
    public int drain() {
        int done = 0;
        for (int tries = 0; tries < batch * 2 && done < batch; tries++) {
            ClaimResult result = db.transaction(this::claimNext);
            if (result.attempt() == Attempt.EMPTY) {
                break;
            }
            if (result.attempt() == Attempt.RACED) {
                raced.increment();
                continue;
            }
            dial(result.claim());
            done++;
        }
        return done;
    }

    private ClaimResult claimNext(Transaction tx) {
        Optional<Claim> next = tx.queryOne(NEXT_CLAIMABLE, rs -> new Claim(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getString(4), rs.getString(5)));
        if (next.isEmpty()) {
            return new ClaimResult(Attempt.EMPTY, null);
        }
        Claim claim = next.get();
        // The slots: conditional increments on the owner's row, then the campaign's (the order every transaction
        // takes them in). A concurrent claimer holding the row makes this wait, then re-check the limit.
        if (tx.update("update users set active_calls = active_calls + 1 where id = ? and active_calls < max_concurrent_calls",
                claim.userId()) == 0) {
            return new ClaimResult(Attempt.RACED, null);
        }
        if (tx.update("update campaigns set active_calls = active_calls + 1 where id = ? and status = 'running'"
                + " and active_calls < max_concurrent_calls", claim.campaignId()) == 0) {
            tx.update("update users set active_calls = active_calls - 1 where id = ?", claim.userId());
            return new ClaimResult(Attempt.RACED, null);
        }
        tx.update("delete from call_queue where call_id = ?", claim.callId());
        tx.update("update calls set status = 'dialing', dialed_at = now(), dialed_by = ? where id = ?", instanceId, claim.callId());
        return new ClaimResult(Attempt.CLAIMED, claim);
    }

    private void dial(Claim claim) {
        URI callback = URI.create(callbackBase.get() + StatusWebhooks.PATH + "?" + StatusWebhooks.CALL_ID_PARAM + "=" + claim.callId());
        String sid;
        try {
            sid = provider.dial(new DialRequest(claim.callId(), claim.to(), claim.from(), callback,
                    MediaStreams.streamUrl(callbackBase.get())));
        } catch (RuntimeException e) {
            dialFailures.increment();
            log.warn("dialing call {} failed; ending it as failed: {}", claim.callId(), e.toString());
            Optional<Long> summary = db.transaction(tx -> CallOutcomes.lock(tx, claim.callId())
                    .filter(c -> c.callStatus() == CallStatus.DIALING)
                    .flatMap(c -> outcomes.end(tx, c, CallStatus.FAILED, null, "dial-error")));
            summary.ifPresent(mailer::submit);
            return;
        }
        dialed.increment();
        // a callback carrying ?callId= may have stored the sid already; the call's status is left to the callbacks
        db.transaction(tx -> tx.update("update calls set call_sid = ? where id = ? and call_sid is null", sid, claim.callId()));
    }

    /**
     * Fails calls claimed longer than the dial timeout ago that never got a call_sid (their instance stopped between
     * claiming and dialing), so their slots are not held forever. Returns how many it failed.
     */
    public int failStuckDials() {
        List<Long> summaries = new ArrayList<>();
        int failed = db.transaction(tx -> {
            summaries.clear();
            List<Call> calls = tx.query("select " + Call.COLUMNS + " from calls where status = 'dialing'"
                    + " and call_sid is null and dialed_at < now() - make_interval(secs => ?) order by id limit ?"
                    + " for update skip locked", Call::map, dialTimeout.toSeconds(), STUCK_PER_PASS);
            for (Call call : calls) {
                outcomes.end(tx, call, CallStatus.FAILED, null, "dial-timeout").ifPresent(summaries::add);
            }
            return calls.size();
        });
        if (failed > 0) {
            stuck.add(failed);
            log.warn("failed {} calls claimed more than {}s ago and never dialed", failed, dialTimeout.toSeconds());
        }
        summaries.forEach(mailer::submit);
        return failed;
    }

    public long dialed() {
        return dialed.sum();
    }

    public long dialFailures() {
        return dialFailures.sum();
    }

    /** Claims lost to another claimer between the read and the slot increment (then the next call is tried). */
    public long raced() {
        return raced.sum();
    }

    public long stuckDialsFailed() {
        return stuck.sum();
    }
}
