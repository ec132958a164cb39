package dev.poolguard.internal;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Keeps passwords and row values out of what Poolguard prints. Server error details (which quote rows) are already
 * off in the driver; data exceptions (SQLSTATE class 22) still quote the offending value in the primary message,
 * so that quote is replaced.
 */
public final class Redaction {

    private static final Pattern QUOTED_VALUE = Pattern.compile(":\\s*\"[^\"]*\"");

    private Redaction() {
    }

    /** The exception's message, masked, with quoted values removed for data exceptions. */
    public static String message(Throwable t) {
        String message = DatabaseUrl.mask(String.valueOf(t.getMessage()));
        if (t instanceof SQLException && ((SQLException) t).getSQLState() != null && ((SQLException) t).getSQLState().startsWith("22")) {
            message = QUOTED_VALUE.matcher(message).replaceAll(": \"?\"");
        }
        return message;
    }

    /**
     * The throwable itself when nothing in its chain needs masking; otherwise a copy of the chain (same stack traces,
     * masked messages, original class names in the messages) that is safe to log.
     */
    public static Throwable safeCopy(Throwable t) {
        boolean clean = true;
        int depth = 0;
        for (Throwable c = t; c != null && depth < 10; c = c.getCause(), depth++) {
            if (!String.valueOf(c.getMessage()).equals(message(c))) {
                clean = false;
                break;
            }
        }
        return clean ? t : copy(t, 0);
    }

    private static Throwable copy(Throwable t, int depth) {
        if (t == null || depth >= 10) {
            return null;
        }
        Redacted r = new Redacted(t.getClass().getName() + ": " + message(t), copy(t.getCause(), depth + 1));
        r.setStackTrace(t.getStackTrace());
        return r;
    }

    /** A logged stand-in for an exception whose message had to be masked. */
    static final class Redacted extends Exception {
        private static final long serialVersionUID = 1L;

        Redacted(String message, Throwable cause) {
            super(message, cause, false, true);
        }
    }
}
