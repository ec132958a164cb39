package dev.poolguard.example.calls.email;

/**
 * One email. {@code messageId} is derived from what the email is about ({@code <campaign-7-summary@poolguard-calls>}),
 * so if a crash between sending and recording it makes the outbox send it again, receivers can tell it is the same.
 */
public record EmailMessage(String to, String subject, String body, String messageId) {
}
