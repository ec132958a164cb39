package dev.poolguard;

/** A background task was refused: the queue is full or the database is closing. Nothing was queued. */
public class TaskRejectedException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    public TaskRejectedException(String message) {
        super(message, null);
    }
}
