package dev.poolguard.example.calls.webhooks;

import dev.poolguard.Database;
import dev.poolguard.example.calls.calls.Call;
import dev.poolguard.example.calls.calls.CallOutcomes;
import dev.poolguard.example.calls.calls.CallStatus;
import dev.poolguard.example.calls.email.SummaryMailer;
import dev.poolguard.example.calls.http.ApiException;
import dev.poolguard.example.calls.http.Fields;
import dev.poolguard.example.calls.http.Problem;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * {@code POST /webhooks/twilio/status}: Twilio status callbacks. The signature is checked first (403 and nothing
 * stored when it is wrong); then, in one transaction, the call is locked by its indexed {@code call_sid}, the event
 * is stored once ({@code (call_sid, status)} is unique, so a duplicate stores nothing), and the call moves forward
 * only: a callback older than the call's status is stored as not applied. Ending a call frees its concurrency slots
 * and may complete its campaign, whose summary is then sent by a background task.
 */
public final class StatusWebhooks {

    public static final String PATH = "/webhooks/twilio/status";
    /** Query parameter carrying the service's call id, so a callback racing the dialer's call_sid write finds its call. */
    public static final String CALL_ID_PARAM = "callId";

    private static final Logger log = LoggerFactory.getLogger(StatusWebhooks.class);
    private static final Pattern CALL_SID = Pattern.compile("CA[0-9a-f]{32}");

    /** What happened to one callback. */
    public enum Outcome { APPLIED, DUPLICATE, OUT_OF_ORDER }

    /** The response body: Twilio ignores it, people reading logs do not. */
    public record Result(String callSid, String callStatus, Outcome result, String status) {
    }

    private record Applied(Result result, Optional<Long> summary) {
    }

    private final Database db;
    private final CallOutcomes outcomes;
    private final SummaryMailer mailer;
    private final String authToken;
    private final URI publicUrl;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /** {@code publicUrl}: the base URL signatures are computed over; null to use the URL of each request. */
    public StatusWebhooks(Database db, CallOutcomes outcomes, SummaryMailer mailer, String authToken, URI publicUrl) {
        this.db = db;
        this.outcomes = outcomes;
        this.mailer = mailer;
        this.authToken = authToken;
        this.publicUrl = publicUrl;
    }

    public void handle(Context ctx) {
        Map<String, List<String>> params = ctx.formParamMap();
        String url = signedUrl(ctx);
        if (!TwilioSignature.valid(authToken, url, params, ctx.header(TwilioSignature.HEADER))) {
            rejected.increment();
            throw new ApiException(403, "invalid-signature", "invalid webhook signature", List.of(new Problem.Detail(
                    TwilioSignature.HEADER, ctx.header(TwilioSignature.HEADER) == null ? "is missing"
                    : "does not match the request; check the auth token and that " + url + " is the URL the provider was given")));
        }
        Fields f = new Fields();
        String callSid = ctx.formParam("CallSid");
        if (callSid == null || !CALL_SID.matcher(callSid).matches()) {
            f.error("CallSid", callSid == null ? "is required" : "must be CA followed by 32 hex digits");
        }
        String rawStatus = ctx.formParam("CallStatus");
        Optional<CallStatus> status = CallStatus.fromTwilio(rawStatus);
        if (status.isEmpty()) {
            f.error("CallStatus", rawStatus == null ? "is required" : "must be one of " + CallStatus.TWILIO_VALUES);
        }
        Integer duration = optionalInt(f, ctx, "CallDuration");
        Integer sequence = optionalInt(f, ctx, "SequenceNumber");
        Long callId = null;
        String rawCallId = ctx.queryParam(CALL_ID_PARAM);
        if (rawCallId != null) {
            try {
                callId = Long.parseLong(rawCallId);
            } catch (NumberFormatException e) {
                f.error(CALL_ID_PARAM, "must be a call id");
            }
        }
        f.throwIfInvalid();
        Result result = apply(callSid, rawStatus, status.get(), duration, sequence, callId);
        ctx.json(result);
    }

    /** Stores and applies one verified callback; 404 when no call has this call_sid. */
    public Result apply(String callSid, String rawStatus, CallStatus status, Integer duration, Integer sequence, Long callId) {
        Applied applied = db.transaction(tx -> {
            Optional<Call> found = CallOutcomes.lockBySid(tx, callSid);
            if (found.isEmpty() && callId != null) {
                found = CallOutcomes.lock(tx, callId).filter(c -> c.callSid() == null || c.callSid().equals(callSid));
                if (found.isPresent() && found.get().callSid() == null) {
                    tx.update("update calls set call_sid = ? where id = ?", callSid, callId);
                }
            }
            Call call = found.orElseThrow(() -> ApiException.notFound("call with CallSid " + callSid));
            CallStatus current = call.callStatus();
            boolean forward = current.precedes(status);
            boolean stored = tx.queryOne("insert into webhook_events (call_sid, call_status, sequence_number, call_duration, applied)"
                            + " values (?, ?, ?, ?, ?) on conflict (call_sid, call_status) do nothing returning id",
                    rs -> rs.getLong(1), callSid, rawStatus, sequence, duration, forward).isPresent();
            if (!stored) {
                return new Applied(new Result(callSid, rawStatus, Outcome.DUPLICATE, current.value()), Optional.empty());
            }
            if (!forward) {
                return new Applied(new Result(callSid, rawStatus, Outcome.OUT_OF_ORDER, current.value()), Optional.empty());
            }
            Optional<Long> summary = Optional.empty();
            if (status.isFinal()) {
                summary = outcomes.end(tx, call, status, duration, CallOutcomes.outcomeOf(status));
            } else {
                tx.update("update calls set status = ?, answered_at = case when ? then now() else answered_at end where id = ?",
                        status.value(), status == CallStatus.IN_PROGRESS, call.id());
            }
            return new Applied(new Result(callSid, rawStatus, Outcome.APPLIED, status.value()), summary);
        });
        // counted after the commit: the transaction may have run more than once
        accepted.increment();
        if (applied.result().result() == Outcome.DUPLICATE) {
            duplicates.increment();
        } else if (applied.result().result() == Outcome.OUT_OF_ORDER) {
            outOfOrder.increment();
            log.debug("callback {} {} arrived after status {}; stored, not applied", callSid, rawStatus, applied.result().status());
        }
        applied.summary().ifPresent(mailer::submit);
        return applied.result();
    }

    /** The URL the provider signed: the configured public URL, or this request's own. */
    private String signedUrl(Context ctx) {
        if (publicUrl == null) {
            return ctx.fullUrl();
        }
        String query = ctx.queryString();
        return publicUrl + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static Integer optionalInt(Fields f, Context ctx, String name) {
        String raw = ctx.formParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        f.error(name, "must be a whole number of 0 or more, was '" + raw + "'");
        return null;
    }

    /** Callbacks stored (duplicates included) since start. */
    public long accepted() {
        return accepted.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long outOfOrder() {
        return outOfOrder.sum();
    }

    public long rejected() {
        return rejected.sum();
    }
}
