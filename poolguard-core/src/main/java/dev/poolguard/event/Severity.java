package dev.poolguard.event;

/** How loud an event is. Expected provider terminations stay at {@link #INFO} or {@link #WARNING}, so ERROR alerts stay quiet. */
public enum Severity {
    DEBUG, INFO, WARNING, ERROR;

    /** The louder of the two. */
    public Severity max(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
