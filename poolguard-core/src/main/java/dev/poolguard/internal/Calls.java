package dev.poolguard.internal;

import dev.poolguard.ConnectionCallback;
import dev.poolguard.TransactionCallback;

import java.sql.Connection;
import java.sql.SQLException;

/** The callback work behind {@code withConnection} and {@code transaction}. */
public final class Calls {

    private Calls() {
    }

    /** Raw JDBC on a fenced view of the lease's connection. */
    public static <T> Engine.Work<T> raw(Engine engine, ConnectionCallback<T> callback, int rowBudget) {
        return l -> {
            FencedConnection fenced = engine.fenced(l, rowBudget);
            try {
                return callback.apply(fenced);
            } finally {
                fenced.end();
            }
        };
    }

    /**
     * A whole transaction: commit when the callback returns, roll back when it throws (a rollback failure is added
     * to the original exception as suppressed). The lease is bound to the thread so nested calls join it. The handle's
     * queries and raw JDBC read up to {@code rowBudget} rows (0: the guard's own) like the view that opened it.
     */
    public static <T> Engine.Work<T> transaction(Engine engine, TransactionCallback<T> callback, boolean verifyCommit,
                                                 int rowBudget) {
        return lease -> {
            Connection c = lease.connection();
            c.setAutoCommit(false);
            lease.inTransaction(true);
            // A transaction is a unit of work of its own unless it runs inside one.
            dev.poolguard.guard.UnitOfWork outer = lease.unitOfWork();
            if (outer == null) {
                lease.unitOfWork(new dev.poolguard.guard.UnitOfWork("transaction", () -> { }));
            }
            TransactionHandle tx = new TransactionHandle(engine, lease, rowBudget);
            engine.bindTransaction(lease);
            try {
                T result;
                try {
                    result = callback.apply(tx);
                } catch (Throwable t) {
                    rollback(c, t);
                    throw t;
                } finally {
                    engine.bindTransaction(null);
                    tx.end();
                }
                // Nothing ran, nothing to verify. Handles unwrapped to the driver's own interfaces count as statements,
                // since what they run is out of Poolguard's sight.
                boolean ran = lease.statements() > 0;
                if (!lease.beginCommit()) {
                    // Revoked before COMMIT was sent: its connection was aborted, so the server rolls it back.
                    throw new dev.poolguard.LeaseRevokedException("transaction was not committed: its lease was revoked"
                            + " before COMMIT (" + lease.revocation() + ") and the server rolls it back");
                }
                try {
                    if (verifyCommit && ran) {
                        VerifiedCommit.commit(lease, c, result);
                    } else {
                        try {
                            c.commit();
                        } catch (SQLException e) {
                            throw new CommitFailure(e, result, null, ran ? CommitFailure.Known.UNVERIFIED : CommitFailure.Known.ID);
                        }
                    }
                } finally {
                    lease.endCommit();
                }
                return result;
            } finally {
                lease.inTransaction(false);
                lease.unitOfWork(outer);
            }
        };
    }

    /** A transaction nested in one already open on this thread: it joins it, and commits or rolls back with it. */
    public static <T> Engine.Work<T> joined(Engine engine, TransactionCallback<T> callback, int rowBudget) {
        return lease -> {
            TransactionHandle tx = new TransactionHandle(engine, lease, rowBudget);
            try {
                return callback.apply(tx);
            } finally {
                tx.end();
            }
        };
    }

    private static void rollback(Connection c, Throwable original) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            original.addSuppressed(e);
        }
    }
}
