package dev.poolguard.internal;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords and row values out of what Poolguard prints. Server error details (which quote rows) are already
 * off in the driver. Data exceptions (SQLSTATE class 22) still name the offending value in the primary message,
 * quoted ({@code value "2147483648" is out of range}), after a colon ({@code date field value out of range:
 * 2024-13-40}) or as bytes ({@code 0xfe}); pgjdbc's own conversions do too ({@code Bad value for type int : abc},
 * {@code Cannot cast to boolean: "x"}). Those messages keep their wording and lose every value.
 */
public final class Redaction {

    /** From the first double quote to the last: a value may itself contain quotes, colons and newlines. */
    private static final Pattern QUOTED = Pattern.compile("\"(?s:.*)\"");
    private static final Pattern HEX_BYTES = Pattern.compile("0x[0-9a-fA-F]{2}(?: 0x[0-9a-fA-F]{2})*");
    /** The server's severity, kept: {@code ERROR: value "?" ...}. */
    private static final Pattern SEVERITY = Pattern.compile("^(?:ERROR|FATAL|PANIC|WARNING): ");
    /** pgjdbc's messages that end in a value read from a row, whatever their SQLSTATE. */
    private static final Pattern DRIVER_VALUE_MESSAGE = Pattern.compile(
            "^(?:Bad value for type |Cannot cast to boolean:|Conversion to type .{1,64} failed:|Value is not an OID:"
                    + "|Invalid character .{1,8} at index)");

    private Redaction() {
    }

    /** The exception's message, masked, with the values removed from data-error messages. */
    public static String message(Throwable t) {
        String message = DatabaseUrl.mask(String.valueOf(t.getMessage()));
        return quotesData(t, message) ? withoutValues(message) : message;
    }

    private static boolean quotesData(Throwable t, String message) {
        if (!(t instanceof SQLException)) {
            return false;
        }
        String state = ((SQLException) t).getSQLState();
        return state != null && state.startsWith("22") || DRIVER_VALUE_MESSAGE.matcher(message).find();
    }

    /**
     * Quoted spans and byte sequences become {@code "?"} and {@code 0x?}; everything after the first {@code ": "}
     * (where these messages put the value, and where the server's context lines start) becomes {@code ?}.
     */
    static String withoutValues(String message) {
        Matcher severity = SEVERITY.matcher(message);
        String prefix = severity.find() ? severity.group() : "";
        String body = message.substring(prefix.length());
        body = QUOTED.matcher(body).replaceAll("\"?\"");
        body = HEX_BYTES.matcher(body).replaceAll("0x?");
        int colon = body.indexOf(": ");
        if (colon >= 0) {
            body = body.substring(0, colon) + ": ?";
        }
        return prefix + body;
    }

    /**
     * The throwable itself when nothing in its chain needs masking; otherwise a copy of the chain down to the last
     * link that needs it (same stack traces, masked messages with the original class names; an SQLException stays
     * one, with its SQLSTATE), safe to log. The causes of a data error (the parser's {@code NumberFormatException}
     * behind pgjdbc's {@code Bad value for type}) quote the value in words of their own, so their messages are dropped.
     */
    public static Throwable safeCopy(Throwable t) {
        return copy(t, 0, false);
    }

    private static Throwable copy(Throwable t, int depth, boolean causeOfDataError) {
        if (t == null || depth >= 10) {
            return t;
        }
        String masked = causeOfDataError ? "?" : message(t);
        Throwable cause = copy(t.getCause(), depth + 1, causeOfDataError || quotesData(t, masked));
        if (cause == t.getCause() && masked.equals(String.valueOf(t.getMessage()))) {
            return t;
        }
        String message = t.getClass().getName() + ": " + masked;
        Throwable r = t instanceof SQLException
                ? new RedactedSqlException(message, ((SQLException) t).getSQLState(), ((SQLException) t).getErrorCode(), cause)
                : new Redacted(message, cause);
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

    /** The stand-in for a driver exception: still an SQLException with its SQLSTATE, for code that reads it. */
    static final class RedactedSqlException extends SQLException {
        private static final long serialVersionUID = 1L;

        RedactedSqlException(String message, String sqlState, int vendorCode, Throwable cause) {
            super(message, sqlState, vendorCode, cause);
        }
    }
}
