package dev.poolguard.example.calls.email;

/** Sends email. Called from background tasks, never inside a database transaction. Throws when sending failed. */
public interface EmailSender {

    void send(EmailMessage message) throws Exception;
}
