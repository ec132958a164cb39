package dev.poolguard;

/** {@code queryOne} found more than one row: the query is not selective enough, which is a bug, not a first row. */
public class TooManyRowsException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public TooManyRowsException(String message, String sql) {
        super(message, null, sql, 1);
    }
}
