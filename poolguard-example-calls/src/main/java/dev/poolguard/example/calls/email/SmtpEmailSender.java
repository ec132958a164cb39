package dev.poolguard.example.calls.email;

import dev.poolguard.example.calls.support.Settings;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Sends through an SMTP server with Jakarta Mail (Eclipse Angus). Settings from {@code SMTP_HOST}, {@code SMTP_PORT}
 * (587), {@code SMTP_USERNAME}, {@code SMTP_PASSWORD}, {@code SMTP_FROM}, {@code SMTP_STARTTLS} (true),
 * {@code SMTP_ALLOW_PLAINTEXT_AUTH} (false). Connect and read timeouts are bounded so a dead server fails the task
 * instead of hanging it. The password is never printed.
 *
 * <p>With credentials, STARTTLS is required ({@code mail.smtp.starttls.required}): a server that does not offer it
 * fails the send instead of receiving the password in clear text. Only a relay on this host may be allowed to take
 * credentials without TLS, explicitly ({@code SMTP_ALLOW_PLAINTEXT_AUTH=true}).
 */
public final class SmtpEmailSender implements EmailSender {

    private final Session session;
    private final InternetAddress from;
    private final String description;

    public SmtpEmailSender(String host, int port, String username, String password, String from, boolean startTls,
                           boolean allowPlaintextAuth, Duration timeout) {
        Objects.requireNonNull(host, "host");
        boolean auth = username != null && !username.isBlank();
        if (auth && !startTls && !allowPlaintextAuth) {
            throw new IllegalArgumentException("SMTP_STARTTLS: is false while SMTP_USERNAME is set, so the password would cross"
                    + " the network in clear text; keep STARTTLS, or set SMTP_ALLOW_PLAINTEXT_AUTH=true for a relay on this host");
        }
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        // with credentials, no STARTTLS means no send: never fall back to sending the password in clear text
        props.put("mail.smtp.starttls.required", Boolean.toString(startTls && auth));
        props.put("mail.smtp.auth", Boolean.toString(auth));
        this.session = auth ? Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(username, password);
            }
        }) : Session.getInstance(props);
        try {
            this.from = new InternetAddress(Objects.requireNonNull(from, "from"), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("SMTP_FROM: '" + from + "' is not an email address", e);
        }
        this.description = "smtp://" + (auth ? username + ":****@" : "") + host + ":" + port;
    }

    /** From {@code SMTP_*}; {@code SMTP_HOST} and {@code SMTP_FROM} are required. */
    public static SmtpEmailSender fromEnv(Map<String, String> env) {
        Settings s = new Settings(env);
        if (!s.isSet("SMTP_HOST") || !s.isSet("SMTP_FROM")) {
            throw new IllegalArgumentException("CALLS_EMAIL=smtp needs SMTP_HOST and SMTP_FROM");
        }
        return new SmtpEmailSender(s.string("SMTP_HOST", null), s.integer("SMTP_PORT", 587, 1, 65535),
                s.string("SMTP_USERNAME", null), s.string("SMTP_PASSWORD", null), s.string("SMTP_FROM", null),
                s.bool("SMTP_STARTTLS", true), s.bool("SMTP_ALLOW_PLAINTEXT_AUTH", false),
                s.duration("SMTP_TIMEOUT", Duration.ofSeconds(10)));
    }

    @Override
    public void send(EmailMessage message) throws MessagingException {
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", message.messageId());
            }
        };
        mime.setFrom(from);
        mime.setRecipients(Message.RecipientType.TO, InternetAddress.parse(message.to(), true));
        mime.setSubject(message.subject(), "UTF-8");
        mime.setText(message.body(), "UTF-8");
        Transport.send(mime);
    }

    @Override
    public String toString() {
        return "SmtpEmailSender[" + description + "]";
    }
}
