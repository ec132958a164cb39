package dev.poolguard.example.calls;

import dev.poolguard.example.calls.email.EmailMessage;
import dev.poolguard.example.calls.email.EmailSender;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what it was asked to send. */
final class RecordingEmailSender implements EmailSender {

    final List<EmailMessage> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(EmailMessage message) {
        sent.add(message);
    }

    List<EmailMessage> about(long campaignId) {
        String id = "<campaign-" + campaignId + "-summary@poolguard-calls>";
        return sent.stream().filter(m -> m.messageId().equals(id)).toList();
    }
}
