package dev.poolguard.bench.chaos;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Quiets HikariCP's own logging during the chaos runs (every terminated connection is a WARN line, for raw HikariCP and
 * for the HikariCP inside Poolguard alike), and reads its leak detection warnings ({@code ProxyLeakTask}) while a run lasts: the message plus the holder's stack
 * trace HikariCP logs with it, as an operator reading the log would see them.
 */
final class HikariLeakLog implements AutoCloseable {


    private static final String LOGGER = "com.zaxxer.hikari.pool.ProxyLeakTask";

    private final Logger logger;
    private final AppenderBase<ILoggingEvent> appender;
    private final ch.qos.logback.classic.Level level;
    private final boolean additive;

    private HikariLeakLog(Logger logger, AppenderBase<ILoggingEvent> appender) {
        this.logger = logger;
        this.appender = appender;
        this.level = logger == null ? null : logger.getLevel();
        this.additive = logger == null || logger.isAdditive();
    }

    /** HikariCP logs only errors until closed; a no-op when Logback is not the logging backend. */
    static AutoCloseable quietHikari() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            return () -> { };
        }
        Logger hikari = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("com.zaxxer.hikari");
        ch.qos.logback.classic.Level before = hikari.getLevel();
        hikari.setLevel(ch.qos.logback.classic.Level.ERROR);
        return () -> hikari.setLevel(before);
    }

    /** Starts reading; a no-op when Logback is not the logging backend. */
    static HikariLeakLog read(Consumer<String> sink) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            return new HikariLeakLog(null, null);
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger logger = context.getLogger(LOGGER);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                StringBuilder text = new StringBuilder(event.getFormattedMessage());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                        text.append("\n\tat ").append(frame.getStackTraceElement());
                    }
                }
                sink.accept(text.toString());
            }
        };
        appender.setContext(context);
        appender.start();
        HikariLeakLog log = new HikariLeakLog(logger, appender);
        // Read the warnings here only: the table quotes them, eight stack traces on the console add nothing.
        logger.setLevel(ch.qos.logback.classic.Level.WARN);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return log;
    }

    @Override
    public void close() {
        if (logger != null) {
            logger.detachAppender(appender);
            logger.setAdditive(additive);
            logger.setLevel(level);
            appender.stop();
        }
    }
}
