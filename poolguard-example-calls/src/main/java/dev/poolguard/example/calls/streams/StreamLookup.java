package dev.poolguard.example.calls.streams;

import java.util.Locale;

/** How a stream's {@code start} finds its call. */
public enum StreamLookup {
    /** The fix: {@code where call_sid = ?} on the unique index. */
    INDEXED,
    /**
     * The incidents' pattern, kept only to measure what it did: load every call, find one in memory, at each stream
     * start. Never use it in production; {@code CALLS_STREAM_LOOKUP=fetch-all} and the demo's
     * {@code --stream-lookup fetch-all} turn it on.
     */
    FETCH_ALL;

    /** {@code indexed} or {@code fetch-all}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static StreamLookup of(String name, String value) {
        for (StreamLookup l : values()) {
            if (l.value().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException(name + ": '" + value + "' is not a stream lookup; use indexed or fetch-all");
    }
}
