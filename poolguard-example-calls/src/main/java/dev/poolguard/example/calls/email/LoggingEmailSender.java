package dev.poolguard.example.calls.email;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default sender: logs each email at INFO on {@code dev.poolguard.example.calls.email}. */
public final class LoggingEmailSender implements EmailSender {

    private static final Logger log = LoggerFactory.getLogger("dev.poolguard.example.calls.email");

    @Override
    public void send(EmailMessage message) {
        log.info("email to {} {}: {}\n{}", message.to(), message.messageId(), message.subject(), message.body());
    }
}
