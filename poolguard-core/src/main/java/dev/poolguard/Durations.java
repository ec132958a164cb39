package dev.poolguard;


import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations for settings: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT30S}. */
public final class Durations {

    /**
     * The longest any duration setting may be. Longer is a typo (999999d), and the nanosecond arithmetic of timers
     * overflows past 292 years; every setting names this limit instead.
     */
    public static final Duration MAX = Duration.ofDays(1);

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** {@code d} if it is at most {@code max}; else fails naming the setting, the value and the limit. */
    public static Duration requireAtMost(String setting, Duration d, Duration max) {
        if (d.compareTo(max) > 0) {
            throw new InvalidConfigurationException(setting, format(d) + " is above the maximum " + format(max));
        }
        return d;
    }

    public static Duration parse(String setting, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new InvalidConfigurationException(setting, "is empty; expected a duration such as 30s or 500ms");
        }
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms": return Duration.ofMillis(n);
                    case "s": return Duration.ofSeconds(n);
                    case "m": return Duration.ofMinutes(n);
                    case "h": return Duration.ofHours(n);
                    default: return Duration.ofDays(n);
                }
            } catch (NumberFormatException | ArithmeticException e) {
                throw new InvalidConfigurationException(setting, "'" + text + "' is far above the maximum " + format(MAX));
            }
        }
        if (t.matches("\\d+")) {
            throw new InvalidConfigurationException(setting, "'" + text + "' has no unit; write " + t + "s or " + t + "ms");
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new InvalidConfigurationException(setting, "'" + text + "' is not a duration; expected 500ms, 30s, 5m, 1h or PT30S");
        }
    }

    /** {@code 250ms}, {@code 30s}, {@code 4m}, {@code 2h}, {@code 999999d}: the shortest exact form, for messages. */
    public static String format(Duration d) {
        if (Math.abs(d.getSeconds()) > 86_400_000_000_000L) {
            return d.getSeconds() + "s"; // beyond what fits in milliseconds
        }
        long ms = d.toMillis();
        long[] units = {86_400_000, 3_600_000, 60_000, 1000};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms != 0 && ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
