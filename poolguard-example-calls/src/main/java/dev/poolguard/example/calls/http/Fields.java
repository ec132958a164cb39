package dev.poolguard.example.calls.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects field errors for one request, then throws them together, so a client learns every bad field at once.
 * Each check returns the value so handlers read as {@code name = fields.text("name", body.name(), 1, 200)}.
 */
public final class Fields {

    /** E.164: a plus, then 7 to 15 digits, the first not zero. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final List<Problem.Detail> errors = new ArrayList<>();

    public void error(String field, String message) {
        errors.add(new Problem.Detail(field, message));
    }

    public <T> T required(String field, T value) {
        if (value == null) {
            error(field, "is required");
        }
        return value;
    }

    public String text(String field, String value, int min, int max) {
        if (value == null) {
            error(field, "is required");
        } else if (value.strip().length() < min || value.length() > max) {
            error(field, "must be " + min + " to " + max + " characters, was " + value.length());
        }
        return value == null ? null : value.strip();
    }

    public String phone(String field, String value) {
        if (value == null) {
            error(field, "is required");
        } else if (!E164.matcher(value).matches()) {
            error(field, "must be an E.164 number like +14155550100");
        }
        return value;
    }

    public String email(String field, String value) {
        if (value == null) {
            error(field, "is required");
        } else if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
            error(field, "must be an email address like ada@example.com");
        }
        return value;
    }

    public int range(String field, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            error(field, "must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    public Instant instant(String field, String value) {
        if (value == null) {
            error(field, "is required");
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            error(field, "must be an ISO-8601 instant like 2026-12-01T09:30:00Z");
            return null;
        }
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
