package dev.poolguard.example.calls.email;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default sender: logs each email's recipient, Message-ID and subject at INFO on
 * {@code dev.poolguard.example.calls.email}. Never the body: it holds the owner's name and their leads' names and
 * scores, which do not belong in a log.
 */
public final class LoggingEmailSender implements EmailSender {

    private static final Logger log = LoggerFactory.getLogger("dev.poolguard.example.calls.email");

    @Override
    public void send(EmailMessage message) {
        log.info("email to {} {}: {} ({} characters of body, not logged)", message.to(), message.messageId(), message.subject(),
                message.body().length());
    }
}
