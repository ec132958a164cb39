package dev.poolguard.internal;


import dev.poolguard.internal.sql.SqlShape;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.PreparedStatement;
import java.sql.CallableStatement;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A result set from a fenced statement (or the fenced connection's metadata): checks the fence on every call and, for
 * a statement whose SQL is known, counts the rows the caller reads; the query guard judges the count against the row
 * budget when the rows run out or the result set is closed.
 */
@SuppressWarnings("deprecation") // getBigDecimal(int, int), getUnicodeStream, delegated like every other method
final class FencedResultSet implements ResultSet {

    private final FencedConnection connection;
    /** The statement it came from, null for metadata results. */
    private final FencedStatement statement;
    private final ResultSet delegate;
    private final String sql;
    private final SqlShape shape;
    private final boolean counting;
    private final int budget;
    private int rows;
    private boolean judged;

    FencedResultSet(FencedConnection connection, FencedStatement statement, ResultSet delegate, String sql, SqlShape shape) {
        this.connection = connection;
        this.statement = statement;
        this.delegate = delegate;
        this.sql = sql;
        this.shape = shape;
        Guard guard = connection.engine.guard();
        this.counting = shape != null && guard.enabled();
        this.budget = counting ? guard.budget(connection.rowBudget()) : Integer.MAX_VALUE;
    }

    /** The delegate, once the fence let the call through. */
    private ResultSet d() {
        connection.check();
        return delegate;
    }

    @Override
    public boolean next() throws SQLException {
        boolean more = d().next();
        if (counting && !judged) {
            if (!more) {
                judge();
            } else if (++rows > budget) {
                connection.engine.guard().overBudget(connection.lease, shape, sql, rows, budget);
            }
        }
        return more;
    }

    @Override
    public void close() throws SQLException {
        d().close();
        if (counting && !judged) {
            judge();
        }
    }

    /** Rows ran out or the caller closed the result: the guard judges what was read. */
    private void judge() {
        judged = true;
        connection.engine.guard().rowsRead(connection.lease, shape, sql, rows, budget);
    }

    @Override
    public boolean isClosed() throws SQLException {
        return !connection.isOpen() || delegate.isClosed();
    }

    @Override
    public Statement getStatement() throws SQLException {
        if (statement != null) {
            connection.check();
            return statement;
        }
        Statement own = d().getStatement();
        // By the object, not the declared type: it may be a prepared statement, which callers (Hibernate reading
        // generated keys) cast back.
        if (own instanceof CallableStatement) {
            return new FencedCallableStatement(connection, (CallableStatement) own, null, null);
        }
        if (own instanceof PreparedStatement) {
            return new FencedPreparedStatement(connection, (PreparedStatement) own, null, null);
        }
        return own == null ? null : new FencedStatement(connection, own, null, null);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return FencedProxy.unwrap(iface, this, d(), connection);
    }

    @Override
    public String toString() {
        return "Fenced" + delegate;
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        return d().absolute(row);
    }

    @Override
    public void afterLast() throws SQLException {
        d().afterLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        d().beforeFirst();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        d().cancelRowUpdates();
    }

    @Override
    public void clearWarnings() throws SQLException {
        d().clearWarnings();
    }

    @Override
    public void deleteRow() throws SQLException {
        d().deleteRow();
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        return d().findColumn(columnLabel);
    }

    @Override
    public boolean first() throws SQLException {
        return d().first();
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return d().getArray(columnLabel);
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        return d().getArray(columnIndex);
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return d().getAsciiStream(columnLabel);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        return d().getAsciiStream(columnIndex);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return d().getBigDecimal(columnLabel);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return d().getBigDecimal(columnIndex);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return d().getBigDecimal(columnLabel, scale);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        return d().getBigDecimal(columnIndex, scale);
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return d().getBinaryStream(columnLabel);
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        return d().getBinaryStream(columnIndex);
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return d().getBlob(columnLabel);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        return d().getBlob(columnIndex);
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return d().getBoolean(columnLabel);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return d().getBoolean(columnIndex);
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return d().getByte(columnLabel);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return d().getByte(columnIndex);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return d().getBytes(columnLabel);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return d().getBytes(columnIndex);
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return d().getCharacterStream(columnLabel);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        return d().getCharacterStream(columnIndex);
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return d().getClob(columnLabel);
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        return d().getClob(columnIndex);
    }

    @Override
    public int getConcurrency() throws SQLException {
        return d().getConcurrency();
    }

    @Override
    public String getCursorName() throws SQLException {
        return d().getCursorName();
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return d().getDate(columnLabel);
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return d().getDate(columnIndex);
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return d().getDate(columnLabel, cal);
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        return d().getDate(columnIndex, cal);
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return d().getDouble(columnLabel);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        return d().getDouble(columnIndex);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return d().getFetchDirection();
    }

    @Override
    public int getFetchSize() throws SQLException {
        return d().getFetchSize();
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return d().getFloat(columnLabel);
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return d().getFloat(columnIndex);
    }

    @Override
    public int getHoldability() throws SQLException {
        return d().getHoldability();
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return d().getInt(columnLabel);
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return d().getInt(columnIndex);
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return d().getLong(columnLabel);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return d().getLong(columnIndex);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return d().getMetaData();
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return d().getNCharacterStream(columnLabel);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return d().getNCharacterStream(columnIndex);
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        return d().getNClob(columnLabel);
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        return d().getNClob(columnIndex);
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return d().getNString(columnLabel);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return d().getNString(columnIndex);
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return d().getObject(columnLabel);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return d().getObject(columnIndex);
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return d().getObject(columnLabel, type);
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return d().getObject(columnLabel, map);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        return d().getObject(columnIndex, type);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return d().getObject(columnIndex, map);
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return d().getRef(columnLabel);
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        return d().getRef(columnIndex);
    }

    @Override
    public int getRow() throws SQLException {
        return d().getRow();
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return d().getRowId(columnLabel);
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        return d().getRowId(columnIndex);
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return d().getSQLXML(columnLabel);
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        return d().getSQLXML(columnIndex);
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return d().getShort(columnLabel);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return d().getShort(columnIndex);
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return d().getString(columnLabel);
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return d().getString(columnIndex);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return d().getTime(columnLabel);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return d().getTime(columnIndex);
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return d().getTime(columnLabel, cal);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        return d().getTime(columnIndex, cal);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return d().getTimestamp(columnLabel);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return d().getTimestamp(columnIndex);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return d().getTimestamp(columnLabel, cal);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        return d().getTimestamp(columnIndex, cal);
    }

    @Override
    public int getType() throws SQLException {
        return d().getType();
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        return d().getURL(columnLabel);
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        return d().getURL(columnIndex);
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return d().getUnicodeStream(columnLabel);
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        return d().getUnicodeStream(columnIndex);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return d().getWarnings();
    }

    @Override
    public void insertRow() throws SQLException {
        d().insertRow();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        return d().isAfterLast();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        return d().isBeforeFirst();
    }

    @Override
    public boolean isFirst() throws SQLException {
        return d().isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        return d().isLast();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return d().isWrapperFor(iface);
    }

    @Override
    public boolean last() throws SQLException {
        return d().last();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        d().moveToCurrentRow();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        d().moveToInsertRow();
    }

    @Override
    public boolean previous() throws SQLException {
        return d().previous();
    }

    @Override
    public void refreshRow() throws SQLException {
        d().refreshRow();
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        return d().relative(rows);
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return d().rowDeleted();
    }

    @Override
    public boolean rowInserted() throws SQLException {
        return d().rowInserted();
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        return d().rowUpdated();
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        d().setFetchDirection(direction);
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        d().setFetchSize(rows);
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        d().updateArray(columnLabel, x);
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        d().updateArray(columnIndex, x);
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        d().updateAsciiStream(columnLabel, x);
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        d().updateAsciiStream(columnIndex, x);
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        d().updateAsciiStream(columnLabel, x, length);
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        d().updateAsciiStream(columnLabel, x, length);
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        d().updateAsciiStream(columnIndex, x, length);
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        d().updateAsciiStream(columnIndex, x, length);
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        d().updateBigDecimal(columnLabel, x);
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        d().updateBigDecimal(columnIndex, x);
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        d().updateBinaryStream(columnLabel, x);
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        d().updateBinaryStream(columnIndex, x);
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        d().updateBinaryStream(columnLabel, x, length);
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        d().updateBinaryStream(columnLabel, x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        d().updateBinaryStream(columnIndex, x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        d().updateBinaryStream(columnIndex, x, length);
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream) throws SQLException {
        d().updateBlob(columnLabel, inputStream);
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        d().updateBlob(columnLabel, x);
    }

    @Override
    public void updateBlob(int columnIndex, InputStream inputStream) throws SQLException {
        d().updateBlob(columnIndex, inputStream);
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        d().updateBlob(columnIndex, x);
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream, long length) throws SQLException {
        d().updateBlob(columnLabel, inputStream, length);
    }

    @Override
    public void updateBlob(int columnIndex, InputStream inputStream, long length) throws SQLException {
        d().updateBlob(columnIndex, inputStream, length);
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        d().updateBoolean(columnLabel, x);
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        d().updateBoolean(columnIndex, x);
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        d().updateByte(columnLabel, x);
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        d().updateByte(columnIndex, x);
    }

    @Override
    public void updateBytes(String columnIndex, byte[] x) throws SQLException {
        d().updateBytes(columnIndex, x);
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        d().updateBytes(columnIndex, x);
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader) throws SQLException {
        d().updateCharacterStream(columnLabel, reader);
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        d().updateCharacterStream(columnIndex, x);
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader, int length) throws SQLException {
        d().updateCharacterStream(columnLabel, reader, length);
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader, long length) throws SQLException {
        d().updateCharacterStream(columnLabel, reader, length);
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        d().updateCharacterStream(columnIndex, x, length);
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        d().updateCharacterStream(columnIndex, x, length);
    }

    @Override
    public void updateClob(String columnLabel, Reader reader) throws SQLException {
        d().updateClob(columnLabel, reader);
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        d().updateClob(columnLabel, x);
    }

    @Override
    public void updateClob(int columnIndex, Reader reader) throws SQLException {
        d().updateClob(columnIndex, reader);
    }

    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        d().updateClob(columnIndex, x);
    }

    @Override
    public void updateClob(String columnLabel, Reader reader, long length) throws SQLException {
        d().updateClob(columnLabel, reader, length);
    }

    @Override
    public void updateClob(int columnIndex, Reader reader, long length) throws SQLException {
        d().updateClob(columnIndex, reader, length);
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        d().updateDate(columnLabel, x);
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        d().updateDate(columnIndex, x);
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        d().updateDouble(columnLabel, x);
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        d().updateDouble(columnIndex, x);
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        d().updateFloat(columnLabel, x);
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        d().updateFloat(columnIndex, x);
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        d().updateInt(columnLabel, x);
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        d().updateInt(columnIndex, x);
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        d().updateLong(columnLabel, x);
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        d().updateLong(columnIndex, x);
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader reader) throws SQLException {
        d().updateNCharacterStream(columnLabel, reader);
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        d().updateNCharacterStream(columnIndex, x);
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader reader, long length) throws SQLException {
        d().updateNCharacterStream(columnLabel, reader, length);
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        d().updateNCharacterStream(columnIndex, x, length);
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader) throws SQLException {
        d().updateNClob(columnLabel, reader);
    }

    @Override
    public void updateNClob(String columnLabel, NClob nClob) throws SQLException {
        d().updateNClob(columnLabel, nClob);
    }

    @Override
    public void updateNClob(int columnIndex, Reader reader) throws SQLException {
        d().updateNClob(columnIndex, reader);
    }

    @Override
    public void updateNClob(int columnIndex, NClob nClob) throws SQLException {
        d().updateNClob(columnIndex, nClob);
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader, long length) throws SQLException {
        d().updateNClob(columnLabel, reader, length);
    }

    @Override
    public void updateNClob(int columnIndex, Reader reader, long length) throws SQLException {
        d().updateNClob(columnIndex, reader, length);
    }

    @Override
    public void updateNString(String columnLabel, String nString) throws SQLException {
        d().updateNString(columnLabel, nString);
    }

    @Override
    public void updateNString(int columnIndex, String nString) throws SQLException {
        d().updateNString(columnIndex, nString);
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        d().updateNull(columnLabel);
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        d().updateNull(columnIndex);
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        d().updateObject(columnLabel, x);
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        d().updateObject(columnIndex, x);
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        d().updateObject(columnLabel, x, scaleOrLength);
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
        d().updateObject(columnLabel, x, targetSqlType);
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        d().updateObject(columnIndex, x, scaleOrLength);
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
        d().updateObject(columnIndex, x, targetSqlType);
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        d().updateObject(columnLabel, x, targetSqlType, scaleOrLength);
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        d().updateObject(columnIndex, x, targetSqlType, scaleOrLength);
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        d().updateRef(columnLabel, x);
    }

    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        d().updateRef(columnIndex, x);
    }

    @Override
    public void updateRow() throws SQLException {
        d().updateRow();
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        d().updateRowId(columnLabel, x);
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        d().updateRowId(columnIndex, x);
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML xmlObject) throws SQLException {
        d().updateSQLXML(columnLabel, xmlObject);
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML xmlObject) throws SQLException {
        d().updateSQLXML(columnIndex, xmlObject);
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        d().updateShort(columnLabel, x);
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        d().updateShort(columnIndex, x);
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        d().updateString(columnLabel, x);
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        d().updateString(columnIndex, x);
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        d().updateTime(columnLabel, x);
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        d().updateTime(columnIndex, x);
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        d().updateTimestamp(columnLabel, x);
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        d().updateTimestamp(columnIndex, x);
    }

    @Override
    public boolean wasNull() throws SQLException {
        return d().wasNull();
    }
}
