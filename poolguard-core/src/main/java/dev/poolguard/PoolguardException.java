package dev.poolguard;

import dev.poolguard.classify.Classification;

import java.sql.SQLException;

/**
 * Base of Poolguard's unchecked exceptions. Each subclass is named after what failed; each keeps the original
 * {@link SQLException} as its cause, and exposes its SQLSTATE, the SQL text (never bind values) and the attempts made.
 * A cause whose message quotes a data value or a password is kept as a masked copy instead (an SQLException with the
 * same SQLSTATE, class name and stack trace), so logging the exception with its chain prints neither.
 */
public class PoolguardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;
    private final String sql;
    private final int attempts;
    private volatile Classification classification;

    public PoolguardException(String message, Throwable cause) {
        this(message, cause, null, 1);
    }

    public PoolguardException(String message, Throwable cause, String sql, int attempts) {
        this(message, cause, sql, attempts, null);
    }

    public PoolguardException(String message, Throwable cause, String sql, int attempts, Classification classification) {
        super(message, dev.poolguard.internal.Redaction.safeCopy(cause));
        this.sqlState = findSqlState(cause);
        this.sql = sql;
        this.attempts = attempts;
        this.classification = classification;
    }

    /** What kind of failure this is, whether it was expected and what could be retried; {@code null} if never classified. */
    public Classification classification() {
        return classification;
    }

    /** Attaches the classification once, where the exception is made before it is classified. */
    public PoolguardException classifiedAs(Classification classification) {
        if (this.classification == null) {
            this.classification = classification;
        }
        return this;
    }

    /** SQLSTATE of the first {@link SQLException} in the cause chain that has one, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }

    /** The SQL text of the failed call (truncated, without bind values), or {@code null}. */
    public String sql() {
        return sql;
    }

    /** How many times the call was attempted, 1 when it was not retried. */
    public int attempts() {
        return attempts;
    }

    private static String findSqlState(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
                return ((SQLException) t).getSQLState();
            }
        }
        return null;
    }
}
