package dev.poolguard.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default reporter: one SLF4J line per event on logger {@code dev.poolguard.events}, at the event's severity.
 * Expected provider terminations are INFO or WARN with {@code connection_terminated=true}; real failures are ERROR,
 * so alerting on ERROR stays quiet while a provider recycles connections (the incidents' Sentry filters, built in).
 * Stack traces are printed with messages of the cause chain masked for passwords.
 */
public final class LoggingReporter implements EventReporter {

    private static final Logger log = LoggerFactory.getLogger("dev.poolguard.events");

    @Override
    public void report(DiagnosticEvent event) {
        Throwable error = event.error();
        String line = event.toString();
        switch (event.severity()) {
            case DEBUG:
                log.debug(line, error);
                break;
            case INFO:
                log.info(line, error);
                break;
            case WARNING:
                log.warn(line, error);
                break;
            default:
                log.error(line, error);
        }
    }
}
