package dev.poolguard.example.calls;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.poolguard.example.calls.email.LoggingEmailSender;
import org.slf4j.LoggerFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.poolguard.event.EventType;
import dev.poolguard.example.calls.email.EmailMessage;
import dev.poolguard.example.calls.email.EmailSender;
import dev.poolguard.example.calls.email.SmtpEmailSender;
import dev.poolguard.testing.PoolguardExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Summary emails through a real SMTP server (GreenMail, in process): one per campaign, retried after a failure. */
class SmtpEmailTest {

    static GreenMail smtp;
    static Harness h;
    static final AtomicBoolean failNext = new AtomicBoolean();

    @RegisterExtension
    static PoolguardExtension poolguard = PoolguardExtension.watching(() -> h == null ? null : h.db()).strictQueries();

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        SmtpEmailSender real = new SmtpEmailSender("127.0.0.1", smtp.getSmtp().getPort(), null, null, "calls@example.com",
                false, false, Duration.ofSeconds(5));
        EmailSender flaky = message -> {
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("SMTP server said 451 try again later");
            }
            real.send(message);
        };
        h = Harness.start(1, Harness.fastTelephony(), b -> b.email(flaky));
    }

    @AfterAll
    static void stop() {
        h.close();
        smtp.stop();
    }

    @Test
    void senderDeliversSubjectBodyAndMessageId() throws Exception {
        SmtpEmailSender sender = new SmtpEmailSender("127.0.0.1", smtp.getSmtp().getPort(), null, null, "calls@example.com",
                false, false, Duration.ofSeconds(5));
        sender.send(new EmailMessage("ada@example.com", "Campaign 'X' finished", "Hello Ada", "<campaign-0-summary@poolguard-calls>"));
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage m = smtp.getReceivedMessagesForDomain("ada@example.com")[0];
        assertThat(m.getSubject()).isEqualTo("Campaign 'X' finished");
        assertThat(m.getMessageID()).isEqualTo("<campaign-0-summary@poolguard-calls>");
        assertThat(((String) m.getContent()).strip()).isEqualTo("Hello Ada");
        assertThat(sender.toString()).isEqualTo("SmtpEmailSender[smtp://127.0.0.1:" + smtp.getSmtp().getPort() + "]");
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void credentialsWithoutStartTlsAreRefusedUnlessExplicitlyAllowedForALocalRelay() throws Exception {
        assertThatThrownBy(() -> new SmtpEmailSender("127.0.0.1", smtp.getSmtp().getPort(), "calls", "s3cret", "calls@example.com",
                false, false, Duration.ofSeconds(5)))
                .hasMessageStartingWith("SMTP_STARTTLS: is false while SMTP_USERNAME is set").hasMessageNotContaining("s3cret");
        smtp.setUser("calls@example.com", "calls", "s3cret");
        SmtpEmailSender relay = new SmtpEmailSender("127.0.0.1", smtp.getSmtp().getPort(), "calls", "s3cret", "calls@example.com",
                false, true, Duration.ofSeconds(5));
        relay.send(new EmailMessage("ada@example.com", "Local relay", "Hello", "<relay@poolguard-calls>"));
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void credentialsAreNeverSentToAServerThatDoesNotOfferStartTls() {
        // GreenMail's plain SMTP offers no STARTTLS: with credentials the send must fail, not log in in clear text
        smtp.setUser("calls@example.com", "calls", "s3cret");
        SmtpEmailSender sender = new SmtpEmailSender("127.0.0.1", smtp.getSmtp().getPort(), "calls", "s3cret", "calls@example.com",
                true, false, Duration.ofSeconds(5));
        assertThatThrownBy(() -> sender.send(new EmailMessage("ada@example.com", "Never", "Hello", "<never@poolguard-calls>")))
                .hasStackTraceContaining("STARTTLS");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void theLoggingSenderLogsRecipientAndSubjectButNotTheBody() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.poolguard.example.calls.email");
        logger.addAppender(log);
        try {
            new LoggingEmailSender().send(new EmailMessage("ada@example.com", "Campaign 'X' finished", "Top leads: Grace Hopper 97",
                    "<campaign-9-summary@poolguard-calls>"));
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getFormattedMessage()).contains("ada@example.com").contains("Campaign 'X' finished")
                .contains("<campaign-9-summary@poolguard-calls>").doesNotContain("Grace Hopper");
    }

    @Test
    void campaignSummaryArrivesOnceEvenAfterAFailedSend() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        failNext.set(true);
        long owner = h.user("grace@example.com", 4);
        long campaign = h.campaign(owner, "Retry me", 4, 12);
        assertThat(h.http().post("/campaigns/" + campaign + "/start", Map.of()).status()).isEqualTo(200);

        // the first send fails: the task fails (reported), the row goes back to pending with the error
        await().atMost(Duration.ofSeconds(20)).until(() -> h.db().queryOne("select last_error from email_outbox where campaign_id = ?",
                rs -> rs.getString(1), campaign).orElse(null) != null);
        await().atMost(Duration.ofSeconds(5)).until(() -> h.db().diagnostics().stats().events().getOrDefault(EventType.TASK_FAILED, 0L) >= 1);
        assertThat(smtp.getReceivedMessages()).isEmpty();

        // once due again, the outbox sweep sends it, once
        h.db().transaction(tx -> tx.update("update email_outbox set available_at = now() - interval '1 minute' where campaign_id = ?", campaign));
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> smtp.getReceivedMessages().length == 1);
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("grace@example.com");
        assertThat(m.getSubject()).isEqualTo("Campaign 'Retry me' finished: 12 calls, " + h.http().get("/campaigns/" + campaign + "/summary")
                .get("answered").asLong() + " answered");
        assertThat(h.db().queryOne("select status || ' ' || attempts from email_outbox where campaign_id = ?",
                rs -> rs.getString(1), campaign)).contains("sent 2");
    }
}
