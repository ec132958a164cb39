package dev.poolguard.example.calls.telephony;

import java.time.Duration;

/**
 * A dial that did not return a call_sid, with what is known about the call: {@link Outcome#NOT_PLACED} when the
 * provider surely did not place it (it refused the request, or the request never reached it), {@link Outcome#UNKNOWN}
 * when it may have (a timeout after the request was sent, a 5xx, an answer without a sid). Only the first frees the
 * call's concurrency slots for sure; an unknown dial is settled by the provider's callbacks or a reconciliation.
 */
public final class DialException extends RuntimeException {

    public enum Outcome { NOT_PLACED, UNKNOWN }

    private final Outcome outcome;
    private final Integer providerCode;
    private final Duration retryAfter;

    private DialException(Outcome outcome, String message, Integer providerCode, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.providerCode = providerCode;
        this.retryAfter = retryAfter;
    }

    public static DialException notPlaced(String message, Integer providerCode, Throwable cause) {
        return new DialException(Outcome.NOT_PLACED, message, providerCode, null, cause);
    }

    /** Not placed because the provider is rate limiting: try again after {@code retryAfter}. */
    public static DialException throttled(String message, Integer providerCode, Duration retryAfter) {
        return new DialException(Outcome.NOT_PLACED, message, providerCode, retryAfter, null);
    }

    public static DialException unknown(String message, Integer providerCode, Throwable cause) {
        return new DialException(Outcome.UNKNOWN, message, providerCode, null, cause);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The provider's error code (Twilio's 21211, 20429, ...), or null. */
    public Integer providerCode() {
        return providerCode;
    }

    /** Set when the provider rate-limited the request: not placed, and worth trying again after this long. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
