package dev.poolguard.example.calls.support;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one environment map with messages that name the variable, the value and the limit. Values are checked where
 * they are set, so a typo fails at startup rather than leaving a default in place.
 */
public final class Settings {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(|b|kb|k|mb|m)");

    private final Map<String, String> env;

    public Settings(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    public boolean isSet(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    public int integer(String name, int fallback, int min, int max) {
        if (!isSet(name)) {
            return fallback;
        }
        String text = env.get(name).strip();
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a whole number");
        }
        return checkRange(name, value, min, max);
    }

    public static int checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " is out of range " + min + ".." + max);
        }
        return value;
    }

    public double fraction(String name, double fallback) {
        if (!isSet(name)) {
            return fallback;
        }
        String text = env.get(name).strip();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a number");
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + ": " + text + " is out of range 0..1");
        }
        return value;
    }

    public boolean bool(String name, boolean fallback) {
        if (!isSet(name)) {
            return fallback;
        }
        switch (env.get(name).strip().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1": return true;
            case "false": case "no": case "off": case "0": return false;
            default: throw new IllegalArgumentException(name + ": '" + env.get(name) + "' is not a boolean; write true or false");
        }
    }

    public Duration duration(String name, Duration fallback) {
        return isSet(name) ? parseDuration(name, env.get(name)) : fallback;
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is refused because its unit is a guess. */
    public static Duration parseDuration(String name, String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a duration; write 500ms, 30s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            default: return Duration.ofHours(n);
        }
    }

    /** Bytes: {@code 1048576}, {@code 512kb}, {@code 1mb}. */
    public long bytes(String name, long fallback) {
        if (!isSet(name)) {
            return fallback;
        }
        String text = env.get(name).strip().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + ": '" + env.get(name) + "' is not a size; write 1048576, 512kb or 1mb");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "kb": case "k": return n * 1024;
            case "mb": case "m": return n * 1024 * 1024;
            default: return n;
        }
    }
}
