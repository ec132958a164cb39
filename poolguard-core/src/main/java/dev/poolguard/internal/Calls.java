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
    public static <T> Engine.Work<T> raw(ConnectionCallback<T> callback, String borrowedAt) {
        return l -> {
            Fence fence = new Fence("connection", borrowedAt, l);
            try {
                return callback.apply(FencedJdbc.connection(l.connection(), fence));
            } finally {
                fence.close();
            }
        };
    }

    /**
     * A whole transaction: commit when the callback returns, roll back when it throws (a rollback failure is added
     * to the original exception as suppressed). The lease is bound to the thread so nested calls join it.
     */
    public static <T> Engine.Work<T> transaction(Engine engine, TransactionCallback<T> callback, String borrowedAt) {
        return lease -> {
            Connection c = lease.connection();
            c.setAutoCommit(false);
            lease.inTransaction(true);
            TransactionHandle tx = new TransactionHandle(engine, lease, borrowedAt);
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
                    tx.close();
                }
                try {
                    c.commit();
                } catch (SQLException e) {
                    rollback(c, e);
                    throw e;
                }
                return result;
            } finally {
                lease.inTransaction(false);
            }
        };
    }

    /** A transaction nested in one already open on this thread: it joins it, and commits or rolls back with it. */
    public static <T> Engine.Work<T> joined(Engine engine, TransactionCallback<T> callback, String borrowedAt) {
        return lease -> {
            TransactionHandle tx = new TransactionHandle(engine, lease, borrowedAt);
            try {
                return callback.apply(tx);
            } finally {
                tx.close();
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
