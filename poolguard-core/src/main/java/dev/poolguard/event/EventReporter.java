package dev.poolguard.event;

/**
 * Receives {@link DiagnosticEvent}s. Registered with {@link DatabaseBuilder#addReporter}. Called from Poolguard's
 * own reporting thread, never from a query path, so a slow sink cannot slow queries; an exception thrown here is
 * logged and swallowed.
 */
@FunctionalInterface
public interface EventReporter {
    void report(DiagnosticEvent event);
}
