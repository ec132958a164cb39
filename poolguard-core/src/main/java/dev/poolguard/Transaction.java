package dev.poolguard;

/**
 * The handle of an open transaction. Valid only inside its {@link TransactionCallback}; using it afterwards throws
 * {@link ConnectionReleasedException}.
 */
public interface Transaction extends SqlOperations {

    /** Raw JDBC on the transaction's own connection, fenced like {@link Database#withConnection}. */
    <T> T withConnection(ConnectionCallback<T> callback);
}
