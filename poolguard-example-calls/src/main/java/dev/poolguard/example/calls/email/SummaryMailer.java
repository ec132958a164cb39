package dev.poolguard.example.calls.email;

import dev.poolguard.Database;
import dev.poolguard.TaskRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends the outbox's emails through {@link EmailSender} from {@code db.tasks()}: the seeds' fire-and-forget summary,
 * with an error boundary. A row is claimed with a conditional update (one sender at a time, across instances), sent
 * outside any transaction, then marked sent; a failure puts it back with a growing delay and fails the task, which
 * Poolguard reports as {@code TASK_FAILED} with the outbox id. The {@link #sweep()} picks up rows whose task failed or
 * never ran (a full queue, an instance stopped mid-send).
 */
public final class SummaryMailer {

    private static final Logger log = LoggerFactory.getLogger(SummaryMailer.class);
    /** A claimed row another sender has not finished within this is claimed again. */
    static final int CLAIM_SECONDS = 60;
    static final int SWEEP_BATCH = 20;

    private record Claimed(String to, String subject, String body, String messageId, int attempts) {
    }

    private final Database db;
    private final EmailSender sender;
    private final LongAdder sent = new LongAdder();

    public SummaryMailer(Database db, EmailSender sender) {
        this.db = db;
        this.sender = sender;
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
                        + " attempts = attempts + 1, claimed_until = now() + make_interval(secs => ?)"
                        + " where id = ? and (status = 'pending' and available_at <= now()"
                        + "   or status = 'sending' and claimed_until < now())"
                        + " returning recipient, subject, body, message_id, attempts",
                rs -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)),
                CLAIM_SECONDS, outboxId));
        if (claimed.isEmpty()) {
            return false;
        }
        Claimed email = claimed.get();
        try {
            sender.send(new EmailMessage(email.to(), email.subject(), email.body(), email.messageId()));
        } catch (Exception e) {
            int delaySeconds = (int) Math.min(300, 5L << Math.min(6, email.attempts()));
            String error = e.toString().length() > 500 ? e.toString().substring(0, 500) : e.toString();
            db.transaction(tx -> tx.update("update email_outbox set status = 'pending', claimed_until = null,"
                    + " available_at = now() + make_interval(secs => ?), last_error = ? where id = ? and status = 'sending'",
                    delaySeconds, error, outboxId));
            throw new IllegalStateException("summary email " + outboxId + " (attempt " + email.attempts() + ") failed; retrying in "
                    + delaySeconds + "s: " + e.getMessage(), e);
        }
        db.transaction(tx -> tx.update("update email_outbox set status = 'sent', sent_at = now(), claimed_until = null,"
                + " last_error = null where id = ? and status = 'sending'", outboxId));
        sent.increment();
        return true;
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
}
