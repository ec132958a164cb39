package dev.poolguard;

/** A call was made while the {@link Database} was closing or after it closed. */
public class DatabaseClosedException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public DatabaseClosedException(String message) {
        super(message, null);
    }
}
