package dev.poolguard.example.calls;

import dev.poolguard.example.calls.email.EmailMessage;
import dev.poolguard.example.calls.email.SummaryMailer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox claim carries a token: a sender whose claim expired can neither mark the row nor put it back, so it
 * cannot undo the claim of the sender that took the row over; and a send is bounded to half the claim.
 */
class OutboxClaimTest {

    static Harness h;
    static final AtomicInteger N = new AtomicInteger();

    @BeforeAll
    static void start() {
        h = Harness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** A pending summary row of a campaign made for it. */
    static long outboxRow() {
        int n = N.incrementAndGet();
        long campaign = h.campaign(h.user("outbox" + n + "@example.com", 1), "Outbox " + n, 1, 1);
        return h.db().transaction(tx -> tx.queryOne("insert into email_outbox (campaign_id, kind, recipient, subject, body, message_id)"
                + " values (?, 'campaign-summary', 'ada@example.com', 'Summary', 'Body', ?) returning id", rs -> rs.getLong(1),
                campaign, "<campaign-" + campaign + "-summary@poolguard-calls>")).orElseThrow();
    }

    static String row(long id) {
        return h.db().queryOne("select status || ' ' || (claim_token is not null) || ' ' || attempts from email_outbox where id = ?",
                rs -> rs.getString(1), id).orElseThrow();
    }

    @Test
    void aSenderWhoseClaimExpiredCannotUndoTheClaimOfTheSenderThatTookOver() throws Exception {
        long id = outboxRow();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<EmailMessage> delivered = new CopyOnWriteArrayList<>();
        SummaryMailer mailer = new SummaryMailer(h.db(), message -> {
            if (calls.incrementAndGet() == 1) {
                firstInside.countDown();
                releaseFirst.await(10, TimeUnit.SECONDS);
                throw new IllegalStateException("451 try again later"); // the first sender fails, late
            }
            releaseSecond.await(10, TimeUnit.SECONDS);
            delivered.add(message);
        }, Duration.ofSeconds(20));
        try {
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> send(mailer, id));
            assertThat(firstInside.await(5, TimeUnit.SECONDS)).isTrue();
            // the first claim runs out while its send hangs; another sender claims the row and is sending it
            h.db().transaction(tx -> tx.update("update email_outbox set claimed_until = now() - interval '1 second' where id = ?", id));
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> send(mailer, id));
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
            assertThat(row(id)).isEqualTo("sending true 2");

            releaseFirst.countDown(); // the first send fails now: it must not put the row back under the second's feet
            assertThatThrownBy(first::join).hasStackTraceContaining("451 try again later");
            assertThat(row(id)).isEqualTo("sending true 2");

            releaseSecond.countDown();
            assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(row(id)).isEqualTo("sent false 2");
            assertThat(delivered).hasSize(1);
        } finally {
            releaseFirst.countDown();
            releaseSecond.countDown();
            mailer.close();
        }
    }

    @Test
    void aSendIsBoundedToHalfTheClaimAndTheRowGoesBack() {
        long id = outboxRow();
        CountDownLatch never = new CountDownLatch(1);
        SummaryMailer mailer = new SummaryMailer(h.db(), message -> never.await(30, TimeUnit.SECONDS), Duration.ofSeconds(2));
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> mailer.send(id)).hasMessageContaining("did not finish within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(row(id)).isEqualTo("pending false 1");
        } finally {
            never.countDown();
            mailer.close();
        }
    }

    private static boolean send(SummaryMailer mailer, long id) {
        try {
            return mailer.send(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
