package dev.poolguard.internal.text;

import java.util.Locale;

/** Numbers and durations as the report prints them. */
public final class Human {

    private Human() {
    }

    /** {@code 100,000}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 850 ms}, {@code 12.4 s}, {@code 4 min 5 s}, {@code 2 h 3 min}. */
    public static String millis(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }

    /** A timeout setting in milliseconds: {@code off} for zero. */
    public static String timeout(long ms) {
        return ms == 0 ? "0 (off)" : millis(ms);
    }

    /** Text cut to {@code max} characters with an ellipsis. */
    public static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max - 1) + "…";
    }
}
