package dev.poolguard.classify;

import java.sql.SQLException;

/**
 * A user decision that replaces the table's: return the kind a failure should be treated as, or {@code null} to keep
 * the table's verdict. Called with each {@link SQLException} of the cause chain, outermost first.
 */
@FunctionalInterface
public interface ClassificationOverride {
    ErrorKind classify(SQLException e);
}
