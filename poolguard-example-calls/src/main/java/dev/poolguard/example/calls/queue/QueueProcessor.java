package dev.poolguard.example.calls.queue;

import dev.poolguard.Database;
import dev.poolguard.Transaction;
import dev.poolguard.example.calls.calls.Call;
import dev.poolguard.example.calls.calls.CallOutcomes;
import dev.poolguard.example.calls.calls.CallStatus;
import dev.poolguard.example.calls.email.SummaryMailer;
import dev.poolguard.example.calls.streams.MediaStreams;
import dev.poolguard.example.calls.telephony.DialException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The call queue processor and concurrency manager. A worker claims one queued call per transaction with
 * {@code FOR UPDATE SKIP LOCKED} (so instances never claim the same call), takes a slot from the owner's and the
 * campaign's active-call limit in that same transaction (a conditional increment, so the limits hold across
 * instances), deletes the queue row and marks the call dialing. Only after the commit does it dial, outside any
 * transaction, and then records the provider's call_sid.
 *
 * <p>A dial is bounded to a third of the dial timeout. Its failure frees the call's slots only when the call was
 * surely not placed ({@link DialException.Outcome#NOT_PLACED}: the call fails as {@code dial-error}, or, rate-limited,
 * goes back to the queue). Any other failure, a timeout included, leaves the outcome unknown: the call stays dialing
 * and keeps its slots, so the limits hold even if the provider did place it, until its callbacks (which find it by
 * {@code ?callId=}) or the stuck-dial reconciliation after the dial timeout settle it. The bound keeps that
 * reconciliation from ever racing a dial still in flight.
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
    private final LongAdder unknown = new LongAdder();
    private final LongAdder requeued = new LongAdder();
    private final Duration dialBound;
    private final ExecutorService dialer;

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
        this.dialBound = dialTimeout.dividedBy(3);
        // a provider that hangs past the bound keeps its thread until it returns; never more than this many at once
        AtomicInteger threads = new AtomicInteger();
        this.dialer = new ThreadPoolExecutor(0, DIALER_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "calls-dialer-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Dials in flight at most (those past their bound included); one more is not placed and goes back to the queue. */
    static final int DIALER_THREADS = 16;

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
        DialRequest request = new DialRequest(claim.callId(), claim.to(), claim.from(), callback,
                MediaStreams.streamUrl(callbackBase.get()));
        CompletableFuture<String> dial;
        try {
            dial = CompletableFuture.supplyAsync(() -> provider.dial(request), dialer);
        } catch (RejectedExecutionException e) {
            requeue(claim, Duration.ofSeconds(1), "every dialer thread is busy with a provider that does not answer");
            return;
        }
        String sid;
        try {
            sid = dial.get(dialBound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // it may still be placed: keep the slots; if the provider answers late, its sid is stored then
            dial.thenAccept(late -> storeSid(claim.callId(), late));
            outcomeUnknown(claim, "no answer from the provider within " + dialBound.toMillis() + " ms");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dial.thenAccept(late -> storeSid(claim.callId(), late));
            outcomeUnknown(claim, "interrupted while dialing");
            return;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DialException d && d.outcome() == DialException.Outcome.NOT_PLACED) {
                if (d.retryAfter() != null) {
                    requeue(claim, d.retryAfter(), d.getMessage());
                } else {
                    notPlaced(claim, d);
                }
            } else {
                outcomeUnknown(claim, String.valueOf(cause));
            }
            return;
        }
        dialed.increment();
        storeSid(claim.callId(), sid);
    }

    /** A callback carrying ?callId= may have stored the sid already; the call's status is left to the callbacks. */
    private void storeSid(long callId, String sid) {
        db.transaction(tx -> tx.update("update calls set call_sid = ? where id = ? and call_sid is null", sid, callId));
    }

    /** Surely not placed: the call fails and frees its slots. */
    private void notPlaced(Claim claim, DialException e) {
        dialFailures.increment();
        log.warn("call {} was not placed; ending it as failed: {}", claim.callId(), e.getMessage());
        Optional<Long> summary = db.transaction(tx -> CallOutcomes.lock(tx, claim.callId())
                .filter(c -> c.callStatus() == CallStatus.DIALING && c.callSid() == null)
                .flatMap(c -> outcomes.end(tx, c, CallStatus.FAILED, null, "dial-error")));
        summary.ifPresent(mailer::submit);
    }

    /** Not placed, worth trying later: back in the queue after {@code delay}, its slots freed meanwhile. */
    private void requeue(Claim claim, Duration delay, String why) {
        requeued.increment();
        log.info("call {} not placed ({}); queued again in {} ms", claim.callId(), why, delay.toMillis());
        db.transaction(tx -> {
            if (CallOutcomes.lock(tx, claim.callId()).filter(c -> c.callStatus() == CallStatus.DIALING && c.callSid() == null).isEmpty()) {
                return null;
            }
            tx.update("update calls set status = 'queued', dialed_at = null, dialed_by = null where id = ?", claim.callId());
            tx.update("insert into call_queue (call_id, available_at) values (?, now() + make_interval(secs => ?))"
                    + " on conflict (call_id) do nothing", claim.callId(), delay.toMillis() / 1000.0);
            tx.update("update users set active_calls = active_calls - 1 where id = ?", claim.userId());
            tx.update("update campaigns set active_calls = active_calls - 1 where id = ?", claim.campaignId());
            return null;
        });
    }

    /** Perhaps placed: the call stays dialing and keeps its slots until a callback or the reconciliation settles it. */
    private void outcomeUnknown(Claim claim, String why) {
        unknown.increment();
        log.warn("dialing call {}: outcome unknown ({}); it keeps its slots until the provider's callbacks or, after {} s"
                + " without a call_sid, the stuck-dial reconciliation settle it", claim.callId(), why, dialTimeout.toSeconds());
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

    /** Dials whose outcome was unknown (the call kept its slots). */
    public long dialsUnknown() {
        return unknown.sum();
    }

    /** Dials not placed and put back in the queue (rate limited, or no dialer thread free). */
    public long dialsRequeued() {
        return requeued.sum();
    }

    /** Stops the dialer threads (dials still in flight are abandoned; their calls are reconciled later). */
    public void close() {
        dialer.shutdownNow();
    }
}
