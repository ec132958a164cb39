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
            Fence fence = new Fence("connection", l, engine, rowBudget);
            try {
                return callback.apply(FencedJdbc.connection(l.connection(), fence));
            } finally {
                fence.close();
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
                    tx.close();
                }
                // Nothing ran, nothing to verify: skip the round trip for the transaction id. Handles unwrapped to
                // the driver's own interfaces count as statements, since what they run is out of Poolguard's sight.
                boolean ran = lease.statements() > 0;
                Long xid = verifyCommit && ran ? transactionId(c, lease) : null;
                if (!lease.beginCommit()) {
                    // Revoked before COMMIT was sent: its connection was aborted, so the server rolls it back.
                    throw new dev.poolguard.LeaseRevokedException("transaction was not committed: its lease was revoked"
                            + " before COMMIT (" + lease.revocation() + ") and the server rolls it back");
                }
                try {
                    c.commit();
                } catch (SQLException e) {
                    throw new CommitFailure(e, result, xid, verifyCommit || !ran);
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
                tx.close();
            }
        };
    }

    /**
     * The id the server assigned to this transaction, or null if it wrote nothing. Read before COMMIT so that, if the
     * connection dies during COMMIT, {@code txid_status} on another connection tells whether it committed.
     */
    private static Long transactionId(Connection c, dev.poolguard.lease.Lease lease) throws SQLException {
        lease.statementStarted("select txid_current_if_assigned()");
        try (java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("select txid_current_if_assigned()")) {
            rs.next();
            long xid = rs.getLong(1);
            return rs.wasNull() ? null : xid;
        } finally {
            lease.statementEnded();
        }
    }

    private static void rollback(Connection c, Throwable original) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            original.addSuppressed(e);
        }
    }
}
