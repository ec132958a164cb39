package dev.poolguard.internal;

import dev.poolguard.ConnectionCallback;
import dev.poolguard.RowMapper;
import dev.poolguard.Transaction;
import dev.poolguard.internal.lease.Lease;

import java.util.List;
import java.util.Optional;

/**
 * The {@link Transaction} given to a transaction callback; fenced when the callback returns. Its calls keep the row
 * budget of the view that opened the transaction.
 */
final class TransactionHandle extends Fence implements Transaction {

    TransactionHandle(Engine engine, Lease lease, int rowBudget) {
        super(lease, engine, rowBudget);
    }

    @Override
    String what() {
        return "transaction";
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        check();
        return engine.onLease(lease, Engine.Kind.QUERY, sql, Statements.query(engine, sql, mapper, params, rowBudget()));
    }

    @Override
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        check();
        return engine.onLease(lease, Engine.Kind.QUERY_ONE, sql, Statements.queryOne(engine, sql, mapper, params));
    }

    @Override
    public int update(String sql, Object... params) {
        check();
        return engine.onLease(lease, Engine.Kind.UPDATE, sql, Statements.update(engine, sql, params));
    }

    @Override
    public <T> T withConnection(ConnectionCallback<T> callback) {
        check();
        return engine.onLease(lease, Engine.Kind.RAW, null, Calls.raw(engine, callback, rowBudget()));
    }

    @Override
    public String toString() {
        return "Transaction[" + borrowedAt() + "]";
    }
}
