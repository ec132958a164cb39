package dev.poolguard.bench.stub;

import org.postgresql.PGConnection;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection that does nothing and answers at once. It also implements pgjdbc's {@link PGConnection}, as pgjdbc's
 * own connection does, because Poolguard reads the backend pid of every connection it lends: without it that read
 * would throw and the stub would charge Poolguard for an exception pgjdbc never raises.
 */
public final class StubConnection implements Connection, PGConnection {

    private static final AtomicInteger PIDS = new AtomicInteger(1000);

    private final int backendPid = PIDS.incrementAndGet();
    private boolean autoCommit = true;
    private boolean readOnly;
    private int isolation = TRANSACTION_READ_COMMITTED;
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private int networkTimeout;
    private String catalog = "stub";
    private String schema = "public";
    private volatile boolean closed;

    @Override
    public void abort(Executor executor) throws SQLException {
        closed = true;
    }

    @Override
    public void clearWarnings() throws SQLException {
        // no warnings
    }

    @Override
    public void close() throws SQLException {
        closed = true;
    }

    @Override
    public void commit() throws SQLException {
        // nothing to commit
    }

    @Override
    public Array createArrayOf(String name, Object[] elements) throws SQLException {
        throw Unsupported.sql("createArrayOf");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw Unsupported.sql("createBlob");
    }

    @Override
    public Clob createClob() throws SQLException {
        throw Unsupported.sql("createClob");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw Unsupported.sql("createNClob");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw Unsupported.sql("createSQLXML");
    }

    @Override
    public Statement createStatement() throws SQLException {
        return new StubPreparedStatement(this);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return new StubPreparedStatement(this);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        return new StubPreparedStatement(this);
    }

    @Override
    public Struct createStruct(String name, Object[] attributes) throws SQLException {
        throw Unsupported.sql("createStruct");
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return autoCommit;
    }

    @Override
    public String getCatalog() throws SQLException {
        return catalog;
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return null;
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return new Properties();
    }

    @Override
    public int getHoldability() throws SQLException {
        return holdability;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return StubMetaData.of(this);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return networkTimeout;
    }

    @Override
    public String getSchema() throws SQLException {
        return schema;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return isolation;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return new HashMap<>();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return null;
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return readOnly;
    }

    @Override
    public boolean isValid(int value) throws SQLException {
        return !closed;
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return sql;
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw Unsupported.sql("prepareCall");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw Unsupported.sql("prepareCall");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        throw Unsupported.sql("prepareCall");
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return new StubPreparedStatement(this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return new StubPreparedStatement(this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return new StubPreparedStatement(this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        return new StubPreparedStatement(this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return new StubPreparedStatement(this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return new StubPreparedStatement(this);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        throw Unsupported.sql("releaseSavepoint");
    }

    @Override
    public void rollback() throws SQLException {
        // nothing to roll back
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        throw Unsupported.sql("rollback");
    }

    @Override
    public void setAutoCommit(boolean value) throws SQLException {
        autoCommit = value;
    }

    @Override
    public void setCatalog(String name) throws SQLException {
        catalog = name;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        // ignored
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        // ignored
    }

    @Override
    public void setHoldability(int value) throws SQLException {
        holdability = value;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        networkTimeout = milliseconds;
    }

    @Override
    public void setReadOnly(boolean value) throws SQLException {
        readOnly = value;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw Unsupported.sql("setSavepoint");
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        throw Unsupported.sql("setSavepoint");
    }

    @Override
    public void setSchema(String name) throws SQLException {
        schema = name;
    }

    @Override
    public void setTransactionIsolation(int value) throws SQLException {
        isolation = value;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        throw Unsupported.sql("setTypeMap");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("StubConnection is not a " + iface.getName());
    }

    @Override
    public void addDataType(String name, Class<? extends org.postgresql.util.PGobject> type) throws SQLException {
        throw Unsupported.sql("addDataType");
    }

    @Override
    public void addDataType(String name, String type) {
        throw Unsupported.op("addDataType");
    }

    @Override
    public void cancelQuery() throws SQLException {
        throw Unsupported.sql("cancelQuery");
    }

    @Override
    public Array createArrayOf(String name, Object elements) throws SQLException {
        throw Unsupported.sql("createArrayOf");
    }

    @Override
    public String escapeIdentifier(String name) throws SQLException {
        throw Unsupported.sql("escapeIdentifier");
    }

    @Override
    public String escapeLiteral(String name) throws SQLException {
        throw Unsupported.sql("escapeLiteral");
    }

    @Override
    public boolean getAdaptiveFetch() {
        throw Unsupported.op("getAdaptiveFetch");
    }

    @Override
    public org.postgresql.jdbc.AutoSave getAutosave() {
        throw Unsupported.op("getAutosave");
    }

    @Override
    public int getBackendPID() {
        return backendPid;
    }

    @Override
    public org.postgresql.copy.CopyManager getCopyAPI() throws SQLException {
        throw Unsupported.sql("getCopyAPI");
    }

    @Override
    public int getDefaultFetchSize() {
        throw Unsupported.op("getDefaultFetchSize");
    }

    @Override
    public org.postgresql.fastpath.Fastpath getFastpathAPI() throws SQLException {
        throw Unsupported.sql("getFastpathAPI");
    }

    @Override
    public org.postgresql.largeobject.LargeObjectManager getLargeObjectAPI() throws SQLException {
        throw Unsupported.sql("getLargeObjectAPI");
    }

    @Override
    public org.postgresql.PGNotification[] getNotifications() throws SQLException {
        throw Unsupported.sql("getNotifications");
    }

    @Override
    public org.postgresql.PGNotification[] getNotifications(int value) throws SQLException {
        throw Unsupported.sql("getNotifications");
    }

    @Override
    public Map<String, String> getParameterStatuses() {
        return Map.of();
    }

    @Override
    public String getParameterStatus(String name) {
        return null;
    }

    @Override
    public org.postgresql.jdbc.PreferQueryMode getPreferQueryMode() {
        throw Unsupported.op("getPreferQueryMode");
    }

    @Override
    public int getPrepareThreshold() {
        throw Unsupported.op("getPrepareThreshold");
    }

    @Override
    public int getQueryTimeout() {
        throw Unsupported.op("getQueryTimeout");
    }

    @Override
    public org.postgresql.replication.PGReplicationConnection getReplicationAPI() {
        throw Unsupported.op("getReplicationAPI");
    }

    @Override
    public void setAdaptiveFetch(boolean value) {
        throw Unsupported.op("setAdaptiveFetch");
    }

    @Override
    public void setAutosave(org.postgresql.jdbc.AutoSave value) {
        throw Unsupported.op("setAutosave");
    }

    @Override
    public void setDefaultFetchSize(int value) throws SQLException {
        throw Unsupported.sql("setDefaultFetchSize");
    }

    @Override
    public void setPrepareThreshold(int value) {
        throw Unsupported.op("setPrepareThreshold");
    }

    @Override
    public void setQueryTimeout(int value) throws SQLException {
        throw Unsupported.sql("setQueryTimeout");
    }
}
