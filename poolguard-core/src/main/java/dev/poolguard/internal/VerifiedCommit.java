package dev.poolguard.internal;

import dev.poolguard.internal.lease.Lease;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Field;
import org.postgresql.core.Query;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.ResultCursor;
import org.postgresql.core.ResultHandlerBase;
import org.postgresql.core.Tuple;
import org.postgresql.util.PSQLException;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A COMMIT whose outcome can be learned if the connection dies under it: the transaction's id
 * ({@code txid_current_if_assigned()}) is read with it, so {@code txid_status} on another connection can tell.
 *
 * <p>On pgjdbc both statements go in one round trip (its query executor sends them before one Sync), so a verified
 * COMMIT costs what a plain one does; the separate round trip for the id cost the termination storm's writers about a
 * sixth of their throughput (BENCHMARKS.md). The server runs them in order, so what comes back says what happened:
 * the id's row, then COMMIT's answer (committed); the row, then an error or a lost connection (the id is known: ask
 * {@code txid_status}); an error before the row (the select failed, so COMMIT never ran: nothing committed); nothing at
 * all, the connection gone without a word (unknown: the one case the separate round trip could still resolve, and
 * only while the server is reachable again within seconds).
 *
 * <p>PostgreSQL says why it ends a backend (terminated, shutting down, crashed) before it closes the connection, so
 * on a direct route "nothing at all" takes a network failure inside the COMMIT round trip. A pooler closes clients
 * without a word when it restarts, so behind one, as on a route not known, and with other drivers or wrappers that do
 * not unwrap to pgjdbc, the id is read in a round trip of its own before COMMIT.
 */
final class VerifiedCommit {

    private static final String SQL = "select txid_current_if_assigned(); commit";
    /** Inside the transaction (no BEGIN), text results; prepared on the server once per connection, as pgjdbc's COMMIT is. */
    private static final int FLAGS = QueryExecutor.QUERY_SUPPRESS_BEGIN | QueryExecutor.QUERY_NO_BINARY_TRANSFER;

    private final QueryExecutor executor;
    private final Query query;

    private VerifiedCommit(QueryExecutor executor, Query query) {
        this.executor = executor;
        this.query = query;
    }

    /**
     * The one-round-trip COMMIT for a physical connection on {@code route}, made when the connection is opened;
     * {@code null} (the id in a round trip of its own) unless the route is direct and the connection reaches pgjdbc.
     */
    static VerifiedCommit of(Connection physical, dev.poolguard.pooler.Route route) {
        if (route.kind() != dev.poolguard.pooler.Route.Kind.DIRECT) {
            return null;
        }
        try {
            QueryExecutor executor = physical.unwrap(BaseConnection.class).getQueryExecutor();
            return new VerifiedCommit(executor, executor.createSimpleQuery(SQL));
        } catch (SQLException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Commits the transaction on {@code lease}'s connection {@code c}, verified: if the connection dies under COMMIT
     * the {@link CommitFailure} carries what was learned. {@code result} is the callback's, returned if it committed.
     */
    static void commit(Lease lease, Connection c, Object result) throws SQLException {
        VerifiedCommit oneTrip = (VerifiedCommit) lease.verifiedCommit();
        lease.statementStarted("commit");
        try {
            if (oneTrip != null) {
                oneTrip.run(result);
                return;
            }
            Long xid = transactionId(c);
            try {
                c.commit();
            } catch (SQLException e) {
                throw new CommitFailure(e, result, xid, CommitFailure.Known.ID);
            }
        } finally {
            lease.statementEnded();
        }
    }

    private void run(Object result) throws SQLException {
        Answers answers = new Answers();
        try {
            executor.execute(query, query.createParameterList(), answers, 0, 0, FLAGS);
        } catch (SQLException e) {
            if (answers.idRead) {
                throw new CommitFailure(e, result, answers.xid, CommitFailure.Known.ID);
            }
            throw new CommitFailure(e, result, null, answers.serverErrorFirst ? CommitFailure.Known.NOT_COMMITTED : CommitFailure.Known.NOTHING);
        }
        if (!answers.committed) {
            // The transaction had failed before: the server answered COMMIT with ROLLBACK.
            throw new PSQLException("COMMIT was answered with ROLLBACK: a statement of the transaction had failed, so nothing"
                    + " was committed", org.postgresql.util.PSQLState.IN_FAILED_SQL_TRANSACTION);
        }
    }

    /** What the server answered, in order. */
    private static final class Answers extends ResultHandlerBase {
        boolean idRead;
        Long xid;
        boolean committed;
        boolean serverErrorFirst;
        private boolean anyError;

        @Override
        public void handleResultRows(Query fromQuery, Field[] fields, List<Tuple> tuples, ResultCursor cursor) {
            byte[] value = tuples.isEmpty() ? null : tuples.get(0).get(0);
            xid = value == null ? null : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
            idRead = true;
        }

        @Override
        public void handleCommandStatus(String status, long updateCount, long insertOID) {
            committed = status.startsWith("COMMIT");
        }

        @Override
        public void handleWarning(java.sql.SQLWarning warning) {
            // notices (none expected) are not the caller's concern here
        }

        @Override
        public void handleError(SQLException error) {
            if (!anyError) {
                anyError = true;
                serverErrorFirst = !idRead && error instanceof PSQLException && ((PSQLException) error).getServerErrorMessage() != null;
            }
            super.handleError(error);
        }
    }

    /**
     * The id the server assigned to this transaction, or null if it wrote nothing, in a round trip of its own: for
     * drivers other than pgjdbc.
     */
    private static Long transactionId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select txid_current_if_assigned()")) {
            rs.next();
            long xid = rs.getLong(1);
            return rs.wasNull() ? null : xid;
        }
    }
}
