package dev.poolguard.example.calls.demo;

import dev.poolguard.example.calls.email.EmailMessage;
import dev.poolguard.example.calls.email.EmailSender;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Hands each email to another sender and counts sends per message id, so the demo can prove one summary each. */
final class CountingEmailSender implements EmailSender {

    private final EmailSender next;
    private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();

    CountingEmailSender(EmailSender next) {
        this.next = next;
    }

    @Override
    public void send(EmailMessage message) throws Exception {
        next.send(message);
        sends.computeIfAbsent(message.messageId(), k -> new AtomicInteger()).incrementAndGet();
    }

    int distinct() {
        return sends.size();
    }

    long repeated() {
        return sends.values().stream().filter(c -> c.get() > 1).count();
    }
}
