package dev.poolguard.example.calls.calls;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A call's life: queued here, claimed by a worker (dialing), then the provider's statuses. The rank orders them, and a
 * call's status only ever moves to a higher rank, so a late or repeated callback can never move it backwards. The five
 * final statuses share the top rank: once one is reached, the call is over.
 */
public enum CallStatus {
    QUEUED("queued", 0),
    DIALING("dialing", 1),
    INITIATED("initiated", 2),
    RINGING("ringing", 3),
    IN_PROGRESS("in-progress", 4),
    COMPLETED("completed", 5),
    BUSY("busy", 5),
    NO_ANSWER("no-answer", 5),
    CANCELED("canceled", 5),
    FAILED("failed", 5);

    /** Statuses that occupy a concurrency slot: claimed and not ended. Keep in step with the partial indexes. */
    public static final List<CallStatus> ACTIVE = List.of(DIALING, INITIATED, RINGING, IN_PROGRESS);
    /** The SQL list of {@link #ACTIVE}, for {@code status in (...)} (literals, so the partial indexes apply). */
    public static final String ACTIVE_SQL = "('dialing', 'initiated', 'ringing', 'in-progress')";
    /** Statuses of a call not over yet, queued included. */
    public static final String OPEN_SQL = "('queued', 'dialing', 'initiated', 'ringing', 'in-progress')";

    private final String value;
    private final int rank;

    CallStatus(String value, int rank) {
        this.value = value;
        this.rank = rank;
    }

    /** The name in the database and in JSON: {@code in-progress}, {@code no-answer}. */
    public String value() {
        return value;
    }

    public int rank() {
        return rank;
    }

    public boolean isFinal() {
        return rank == 5;
    }

    public boolean isActive() {
        return rank >= 1 && rank < 5;
    }

    /** True when moving from this status to {@code next} goes forward. */
    public boolean precedes(CallStatus next) {
        return next.rank > rank;
    }

    public static CallStatus of(String value) {
        for (CallStatus s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown call status '" + value + "'");
    }

    /**
     * A Twilio {@code CallStatus} parameter: {@code queued} and {@code initiated} both mean the provider has the call;
     * {@code answered} (older callbacks) is {@code in-progress}.
     */
    public static Optional<CallStatus> fromTwilio(String callStatus) {
        if (callStatus == null) {
            return Optional.empty();
        }
        String s = callStatus.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "queued": case "initiated": return Optional.of(INITIATED);
            case "answered": return Optional.of(IN_PROGRESS);
            default:
                return Arrays.stream(values()).filter(v -> v.rank >= 2 && v.value.equals(s)).findFirst();
        }
    }

    /** The Twilio values {@link #fromTwilio} accepts, for error messages. */
    public static final String TWILIO_VALUES = "queued, initiated, ringing, in-progress, answered, completed, busy, no-answer, canceled, failed";
}
