package dev.poolguard.example.calls.email;

import dev.poolguard.Database;
import dev.poolguard.TaskRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends the outbox's emails through {@link EmailSender} from {@code db.tasks()}: the incidents' fire-and-forget summary,
 * with an error boundary. A row is claimed with a conditional update that sets a fresh claim token (one sender at a
 * time, across instances), sent outside any transaction within half the claim, then marked sent; a failure puts it back
 * with a growing delay and fails the task, which Poolguard reports as {@code TASK_FAILED} with the outbox id. Marking
 * and putting back require the claim's token, so a sender whose claim expired cannot undo the claim of the sender that
 * took the row over. The {@link #sweep()} picks up rows whose task failed or never ran (a full queue, an instance
 * stopped mid-send).
 *
 * <p>Delivery is at least once, not exactly once: a send that succeeds but whose mark is lost (a crash between the
 * two, a claim that expired during a slow send) is sent again. Every copy carries the same {@code Message-ID}, so a
 * receiver can drop the repeats.
 */
public final class SummaryMailer {

    private static final Logger log = LoggerFactory.getLogger(SummaryMailer.class);
    /** A claimed row another sender has not finished within this is claimed again. */
    static final Duration CLAIM = Duration.ofSeconds(60);
    static final int SWEEP_BATCH = 20;

    private record Claimed(String to, String subject, String body, String messageId, int attempts, UUID token) {
    }

    private final Database db;
    private final EmailSender sender;
    private final Duration claim;
    private final Duration sendBound;
    private final ExecutorService sending;
    private final LongAdder sent = new LongAdder();
    private final LongAdder lateMarks = new LongAdder();

    public SummaryMailer(Database db, EmailSender sender) {
        this(db, sender, CLAIM);
    }

    /** {@code claim}: how long a sender owns a row; each send is bounded to half of it. */
    public SummaryMailer(Database db, EmailSender sender, Duration claim) {
        this.db = db;
        this.sender = sender;
        this.claim = claim;
        this.sendBound = claim.dividedBy(2);
        AtomicInteger threads = new AtomicInteger();
        this.sending = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "calls-email-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends the outbox row in the background; if the task queue is full the sweep sends it later. */
    public void submit(long outboxId) {
        try {
            db.tasks().submit("campaign-summary", Map.of("outbox_id", Long.toString(outboxId)), () -> send(outboxId));
        } catch (TaskRejectedException e) {
            log.warn("summary email {} left for the outbox sweep: {}", outboxId, e.getMessage());
        }
    }

    /** Sends one row if it is due and nobody else holds it; returns whether this call sent it. */
    public boolean send(long outboxId) throws Exception {
        Optional<Claimed> claimed = db.transaction(tx -> tx.queryOne("update email_outbox set status = 'sending',"
                        + " attempts = attempts + 1, claimed_until = now() + make_interval(secs => ?), claim_token = gen_random_uuid()"
                        + " where id = ? and (status = 'pending' and available_at <= now()"
                        + "   or status = 'sending' and claimed_until < now())"
                        + " returning recipient, subject, body, message_id, attempts, claim_token",
                rs -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getObject(6, UUID.class)),
                claim.toMillis() / 1000.0, outboxId));
        if (claimed.isEmpty()) {
            return false;
        }
        Claimed email = claimed.get();
        try {
            sendWithinBound(new EmailMessage(email.to(), email.subject(), email.body(), email.messageId()));
        } catch (Exception e) {
            int delaySeconds = (int) Math.min(300, 5L << Math.min(6, email.attempts()));
            String error = e.toString().length() > 500 ? e.toString().substring(0, 500) : e.toString();
            db.transaction(tx -> tx.update("update email_outbox set status = 'pending', claimed_until = null, claim_token = null,"
                    + " available_at = now() + make_interval(secs => ?), last_error = ? where id = ? and claim_token = ?",
                    delaySeconds, error, outboxId, email.token()));
            throw new IllegalStateException("summary email " + outboxId + " (attempt " + email.attempts() + ") failed; retrying in "
                    + delaySeconds + "s: " + e.getMessage(), e);
        }
        int marked = db.transaction(tx -> tx.update("update email_outbox set status = 'sent', sent_at = now(),"
                + " claimed_until = null, claim_token = null, last_error = null where id = ? and claim_token = ?", outboxId, email.token()));
        sent.increment();
        if (marked == 0) {
            // our claim expired during the send and another sender took the row: it may send again (same Message-ID)
            lateMarks.increment();
            log.warn("summary email {} was sent after its claim expired; another sender may send it again with the same"
                    + " Message-ID {}", outboxId, email.messageId());
        }
        return true;
    }

    /** The send, given at most half the claim: past that it is a failure, so the claim never runs out mid-send. */
    private void sendWithinBound(EmailMessage message) throws Exception {
        Future<?> f = sending.submit(() -> {
            sender.send(message);
            return null;
        });
        try {
            f.get(sendBound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new TimeoutException("the email sender did not finish within " + sendBound.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** Submits the rows due and not sent (a few seconds past due, so fresh rows stay with their own task). */
    public int sweep() {
        List<Long> due = db.query("select id from email_outbox where status <> 'sent'"
                + " and available_at <= now() - interval '5 seconds'"
                + " and (status = 'pending' or claimed_until < now()) order by available_at limit ?",
                rs -> rs.getLong(1), SWEEP_BATCH);
        due.forEach(this::submit);
        return due.size();
    }

    /** Emails this instance has sent. */
    public long sent() {
        return sent.sum();
    }

    /** Emails sent after their claim had expired (another sender may have sent them too). */
    public long lateMarks() {
        return lateMarks.sum();
    }

    /** Stops the send threads; a send still running is abandoned (its row is claimed again when its claim expires). */
    public void close() {
        sending.shutdownNow();
    }
}
