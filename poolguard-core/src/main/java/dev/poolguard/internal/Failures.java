package dev.poolguard.internal;

import dev.poolguard.ConnectionLostException;
import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.DatabaseUnavailableException;
import dev.poolguard.event.EventType;
import dev.poolguard.PoolguardException;
import dev.poolguard.QueryFailedException;
import dev.poolguard.RetriesExhaustedException;
import dev.poolguard.event.Severity;
import dev.poolguard.classify.Classification;
import dev.poolguard.classify.ErrorKind;
import dev.poolguard.internal.lease.CallSites;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Turns failures into what callers and reporters see: the named exception with its message (what failed, the
 * SQLSTATE, the pool status or holders, the SQL text, never values) and the event with its context.
 */
final class Failures {

    private final Engine engine;

    Failures(Engine engine) {
        this.engine = engine;
    }

    PoolguardException borrowFailure(Engine.Kind kind, String sql, CallOptions options, SQLException e, long elapsedNanos,
                                             String callSite, int attempt) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        String site = callSite != null ? callSite : CallSites.here();
        if (Thread.currentThread().isInterrupted()) {
            Classification c = engine.classifier().classify(e);
            return new ConnectionUnavailableException(kind.label + " was interrupted while waiting " + elapsedMs
                    + "ms for a connection (" + engine.status() + ")" + sqlSuffix(sql), e, text(sql), attempt, c);
        }
        if (engine.connector().isFailing()) {
            SQLException last = engine.connector().lastFailure();
            Classification c = engine.classifier().classify(last != null ? last : e);
            long since = System.currentTimeMillis() - engine.connector().failingSinceMillis();
            DatabaseUnavailableException ex = new DatabaseUnavailableException("database unavailable: " + kind.label
                    + " got no connection in " + elapsedMs + "ms; connects have failed for " + since + "ms ("
                    + engine.connector().failingAttempts() + " attempts), last error: " + describe(last) + " — " + c.reason()
                    + " (" + engine.status() + ")" + sqlSuffix(sql), last != null ? last : e, text(sql), attempt, c);
            engine.emitter().failure(EventType.CONNECTION_ERROR, c.severity().max(Severity.WARNING), ex.getMessage(), c, site, sql, attempt, options, ex);
            return ex;
        }
        long now = engine.now();
        Classification c = engine.classifier().classify(new ConnectionUnavailableException("", null, null, 1));
        ConnectionUnavailableException ex = new ConnectionUnavailableException(kind.label + " got no connection in "
                + elapsedMs + "ms: pool exhausted (" + engine.status() + "); holders: " + engine.leaseRegistry().holdersSummary(now, 5)
                + "; raise maxPoolSize or connectionTimeout, or hold connections for less time" + sqlSuffix(sql),
                e, text(sql), attempt, c);
        engine.emitter().failure(EventType.POOL_EXHAUSTED, Severity.ERROR, ex.getMessage(), c, site, sql, attempt, options, ex);
        return ex;
    }

    ConnectionUnavailableException workloadExhausted(Engine.Kind kind, String sql, CallOptions options, long elapsedNanos,
                                                             String callSite, int attempt) {
        String site = callSite != null ? callSite : CallSites.here();
        Classification c = engine.classifier().classify(new ConnectionUnavailableException("", null, null, 1));
        WorkloadGate gate = options.gate;
        ConnectionUnavailableException ex = new ConnectionUnavailableException(kind.label + " got no connection in "
                + TimeUnit.NANOSECONDS.toMillis(elapsedNanos) + "ms: workload '" + gate.workload + "' is at its limit of "
                + gate.limit + " connections (" + gate.waiting() + " more waiting; pool " + engine.status() + "); holders: "
                + engine.leaseRegistry().holdersSummary(engine.now(), 5) + "; raise workloadLimit(\"" + gate.workload
                + "\", n) or hold connections for less time" + sqlSuffix(sql), null, text(sql), attempt, c);
        engine.emitter().failure(EventType.POOL_EXHAUSTED, Severity.ERROR, ex.getMessage(), c, site, sql, attempt, options, ex);
        return ex;
    }

    RuntimeException finalFailure(Engine.Kind kind, String sql, Throwable failure, Classification c, int attempt,
                                          String site, CallOptions options, String why) {
        RuntimeException ex = translate(kind, sql, failure, c, attempt, why);
        if (isApplicationFailure(failure)) {
            return ex; // the callback's own exception (a 404): not an ERROR event, an error metric or a health signal
        }
        boolean connection = isConnectionKind(c.kind());
        if (!(failure instanceof PoolguardException) || ex != failure) {
            engine.emitter().failure(connection ? EventType.CONNECTION_ERROR : EventType.QUERY_ERROR, c.severity(), ex.getMessage(), c, site, sql,
                    attempt, options, failure);
        } else if (failure instanceof QueryFailedException || failure instanceof ConnectionLostException) {
            engine.emitter().failure(connection ? EventType.CONNECTION_ERROR : EventType.QUERY_ERROR, c.severity(), ex.getMessage(), c, site, sql,
                    attempt, options, failure);
        }
        return ex;
    }

    RetriesExhaustedException exhausted(Engine.Kind kind, String sql, Throwable failure, Classification c, int attempt,
                                                String site, CallOptions options, String why) {
        RetriesExhaustedException ex = new RetriesExhaustedException(kind.label + " failed after " + attempt + " attempt"
                + (attempt == 1 ? "" : "s") + ": " + c.reason() + " (" + Redaction.message(failure) + "); " + why + sqlSuffix(sql),
                failure, text(sql), attempt, c);
        engine.emitter().failure(EventType.RETRIES_EXHAUSTED, Severity.ERROR, ex.getMessage(), c, site, sql, attempt, options, failure);
        return ex;
    }

    /**
     * The exception the caller gets. Our own exceptions and the application's pass through unchanged (the original
     * exception propagates); a driver exception becomes the named exception for its kind.
     */
    RuntimeException translate(Engine.Kind kind, String sql, Throwable failure, Classification c, int attempt, String why) {
        if (failure instanceof PoolguardException) {
            return ((PoolguardException) failure).classifiedAs(c);
        }
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        String suffix = (why == null ? "" : "; " + why) + sqlSuffix(sql);
        switch (c.kind()) {
            case CONNECTION_LOST:
                return new ConnectionLostException(kind.label + " lost its connection: " + describe(failure) + " — " + c.reason()
                        + suffix, failure, text(sql), attempt, c);
            case CONNECT_FAILED:
            case SERVER_STARTING:
            case SERVER_OVERLOADED:
                return new DatabaseUnavailableException("database unavailable: " + kind.label + " failed: " + describe(failure)
                        + " — " + c.reason() + suffix, failure, text(sql), attempt, c);
            case CONFIGURATION:
            case AUTHENTICATION:
                // The reason says what to change; the driver's message alone does not.
                return new QueryFailedException(kind.label + " failed: " + describe(failure) + " — " + c.reason() + suffix, failure,
                        text(sql), attempt, c);
            default:
                return new QueryFailedException(kind.label + " failed: " + describe(failure) + suffix, failure, text(sql), attempt, c);
        }
    }

    /** A statement on a connection of the leased DataSource failed: an event; the caller handles the exception. */
    void lentFailure(dev.poolguard.internal.lease.Lease lease, String sql, SQLException e, Classification c, CallOptions options) {
        String borrowedAt = lease.knownCallSite(); // named when it was lent
        engine.emitter().failure(isConnectionKind(c.kind()) ? EventType.CONNECTION_ERROR : EventType.QUERY_ERROR, c.severity(), "statement on a"
                + " DataSource connection failed: " + describe(e) + " — " + c.reason() + "; not retried: the caller owns the"
                + " connection and its transaction (borrowed at " + borrowedAt + ")" + sqlSuffix(sql), c, CallSites.here(), sql, 1,
                options, e);
    }

    /**
     * Whether a failure is the application's own, thrown by its callback or mapper: nothing in its chain came from the
     * driver (which reports network failures as SQLExceptions too) or from Poolguard. A database failure the
     * application wrapped in its own exception still counts.
     */
    static boolean isApplicationFailure(Throwable failure) {
        for (Throwable t : dev.poolguard.classify.ErrorClassifier.chain(failure)) {
            if (t instanceof SQLException || t instanceof PoolguardException) {
                return false;
            }
        }
        return true;
    }

    private static boolean isConnectionKind(ErrorKind kind) {
        switch (kind) {
            case CONNECTION_LOST:
            case CONNECT_FAILED:
            case SERVER_OVERLOADED:
            case SERVER_STARTING:
            case POOL_EXHAUSTED:
            case AUTHENTICATION:
                return true;
            default:
                return false;
        }
    }

    void connectFailed(SQLException e, Classification c, int attempt, boolean willRetry) {
        // The first failure of a run is an event; later ones are logged sparsely so an outage does not flood sinks.
        if (attempt == 1 || attempt % 50 == 0 || !willRetry) {
            engine.emitter().failure(willRetry ? EventType.CONNECT_FAILED : EventType.CONNECTION_ERROR, c.severity(), "connect attempt " + attempt
                    + " failed: " + describe(e) + " — " + c.reason() + (willRetry ? "; retrying with backoff" : ""),
                    c, null, null, attempt, CallOptions.DEFAULT, e);
        }
    }

    /** {@code message (SQLSTATE 42P01)} with passwords and quoted data values masked. */
    static String describe(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String message = Redaction.message(e);
        String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : null;
        return state == null ? message : message + " (SQLSTATE " + state + ")";
    }

    String sqlSuffix(String sql) {
        return sql == null ? "" : "; sql: " + text(sql);
    }

    String text(String sql) {
        if (sql == null) {
            return null;
        }
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        int limit = engine.config().sqlTextLimit();
        return oneLine.length() <= limit ? oneLine : oneLine.substring(0, limit - 1) + "…";
    }
}
