package dev.poolguard.internal;

import dev.poolguard.classify.Classification;
import dev.poolguard.classify.ErrorClassifier;
import dev.poolguard.classify.ErrorKind;
import dev.poolguard.classify.RetryScope;
import dev.poolguard.lease.Lease;

import java.sql.Connection;
import java.sql.SQLException;

/** What may run again after a failure, decided by where it happened (docs/failures.md, "What is retried, and why"). Pure functions. */
final class RetryRules {

    private RetryRules() {
    }

    enum Retry { NO, STALE, BUDGETED }

    static boolean socketTimedOut(Throwable t) {
        for (Throwable c : ErrorClassifier.chain(t)) {
            if (c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static int backendPid(Connection connection) {
        try {
            return connection.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        } catch (SQLException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Decides by where the failure happened (docs/failures.md, "What is retried, and why"): a stale pooled connection failing its first
     * statement is replaced; reads retry on connection loss; transactions rerun whole; writes outside a transaction
     * only when declared idempotent or when nothing can have run.
     */
    static Retry decide(Engine.Kind kind, CallOptions options, Throwable failure, Classification c, Lease lease, int staleReplaced,
                        int maxPoolSize) {
        if (c.retry() == RetryScope.NONE || failure instanceof Error) {
            return Retry.NO;
        }
        boolean firstStatement = lease.statements() <= 1;
        // A socket timeout means the server was alive and slow, not that the pooled connection was stale.
        if (firstStatement && c.kind() == ErrorKind.CONNECTION_LOST && staleReplaced <= maxPoolSize && !socketTimedOut(failure)) {
            boolean nothingRan = "57P01".equals(c.sqlState()) || "57P05".equals(c.sqlState()) || "08003".equals(c.sqlState());
            if (kind.read || kind == Engine.Kind.TRANSACTION || options.idempotent() || nothingRan) {
                return Retry.STALE;
            }
        }
        if (kind.read || kind == Engine.Kind.TRANSACTION || options.idempotent() || c.retry() == RetryScope.CONNECT) {
            return Retry.BUDGETED;
        }
        return Retry.NO;
    }

    static String whyNot(Engine.Kind kind, Classification c) {
        if (c.retry() == RetryScope.NONE) {
            if (c.kind() == dev.poolguard.classify.ErrorKind.CONFIGURATION || c.kind() == dev.poolguard.classify.ErrorKind.AUTHENTICATION) {
                return "not retried: it fails the same way until the configuration is fixed";
            }
            return "not retried: " + c.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " errors are never retried";
        }
        return "not retried: " + (kind == Engine.Kind.UPDATE ? "an update" : "raw JDBC work") + " outside a transaction may already"
                + " have been applied; declare idempotent work with db.idempotent() to allow retries";
    }
}
