package dev.poolguard;

import java.sql.SQLException;

/** Work inside one transaction: committed when it returns, rolled back when it throws. */
@FunctionalInterface
public interface TransactionCallback<T> {
    T apply(Transaction tx) throws SQLException;
}
