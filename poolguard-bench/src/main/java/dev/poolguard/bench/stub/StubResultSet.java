package dev.poolguard.bench.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
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
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/** One row, read from nowhere: getters return the row number, "stub", or the type's zero; updates are unsupported. */
public final class StubResultSet implements ResultSet {

    /** Rows each result has: one, like a point select. */
    public static final int ROWS = 1;

    private final StubPreparedStatement statement;
    private int row;
    private boolean closed;

    StubResultSet(StubPreparedStatement statement) {
        this.statement = statement;
    }

    @Override
    public boolean absolute(int columnIndex) throws SQLException {
        throw Unsupported.sql("absolute");
    }

    @Override
    public void afterLast() throws SQLException {
        throw Unsupported.sql("afterLast");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw Unsupported.sql("beforeFirst");
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw Unsupported.sql("cancelRowUpdates");
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
    public void deleteRow() throws SQLException {
        throw Unsupported.sql("deleteRow");
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        return 1;
    }

    @Override
    public boolean first() throws SQLException {
        throw Unsupported.sql("first");
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        return null;
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return null;
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return false;
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return false;
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return (byte) 0;
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return (byte) 0;
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public int getConcurrency() throws SQLException {
        return CONCUR_READ_ONLY;
    }

    @Override
    public String getCursorName() throws SQLException {
        return null;
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
        return null;
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public Date getDate(String columnLabel, Calendar calendar) throws SQLException {
        return null;
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        return 0d;
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return 0d;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return FETCH_FORWARD;
    }

    @Override
    public int getFetchSize() throws SQLException {
        return 0;
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return 0f;
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return 0f;
    }

    @Override
    public int getHoldability() throws SQLException {
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return row;
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return row;
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return row;
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return row;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return null;
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        return null;
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return null;
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return row;
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return null;
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return row;
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return null;
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public int getRow() throws SQLException {
        return row;
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return (short) 0;
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return (short) 0;
    }

    @Override
    public Statement getStatement() throws SQLException {
        return statement;
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return "stub";
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return "stub";
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
        return null;
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public Time getTime(String columnLabel, Calendar calendar) throws SQLException {
        return null;
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
        return null;
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
        return null;
    }

    @Override
    public int getType() throws SQLException {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public java.net.URL getURL(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public java.net.URL getURL(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        return null;
    }

    @Override
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return null;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return null;
    }

    @Override
    public void insertRow() throws SQLException {
        throw Unsupported.sql("insertRow");
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        return false;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        return false;
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed;
    }

    @Override
    public boolean isFirst() throws SQLException {
        return false;
    }

    @Override
    public boolean isLast() throws SQLException {
        return false;
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this);
    }

    @Override
    public boolean last() throws SQLException {
        throw Unsupported.sql("last");
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw Unsupported.sql("moveToCurrentRow");
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw Unsupported.sql("moveToInsertRow");
    }

    @Override
    public boolean next() throws SQLException {
        return row++ < ROWS;
    }

    @Override
    public boolean previous() throws SQLException {
        throw Unsupported.sql("previous");
    }

    @Override
    public void refreshRow() throws SQLException {
        throw Unsupported.sql("refreshRow");
    }

    @Override
    public boolean relative(int columnIndex) throws SQLException {
        throw Unsupported.sql("relative");
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        throw Unsupported.sql("rowDeleted");
    }

    @Override
    public boolean rowInserted() throws SQLException {
        throw Unsupported.sql("rowInserted");
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        throw Unsupported.sql("rowUpdated");
    }

    @Override
    public void setFetchDirection(int columnIndex) throws SQLException {
        // ignored
    }

    @Override
    public void setFetchSize(int columnIndex) throws SQLException {
        // ignored
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("StubResultSet is not a " + iface.getName());
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        throw Unsupported.sql("updateArray");
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        throw Unsupported.sql("updateArray");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        throw Unsupported.sql("updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw Unsupported.sql("updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw Unsupported.sql("updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        throw Unsupported.sql("updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw Unsupported.sql("updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw Unsupported.sql("updateAsciiStream");
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        throw Unsupported.sql("updateBigDecimal");
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        throw Unsupported.sql("updateBigDecimal");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        throw Unsupported.sql("updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw Unsupported.sql("updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw Unsupported.sql("updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        throw Unsupported.sql("updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw Unsupported.sql("updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw Unsupported.sql("updateBinaryStream");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x) throws SQLException {
        throw Unsupported.sql("updateBlob");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
        throw Unsupported.sql("updateBlob");
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        throw Unsupported.sql("updateBlob");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x) throws SQLException {
        throw Unsupported.sql("updateBlob");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
        throw Unsupported.sql("updateBlob");
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        throw Unsupported.sql("updateBlob");
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        throw Unsupported.sql("updateBoolean");
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        throw Unsupported.sql("updateBoolean");
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        throw Unsupported.sql("updateBytes");
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        throw Unsupported.sql("updateBytes");
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        throw Unsupported.sql("updateByte");
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        throw Unsupported.sql("updateByte");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw Unsupported.sql("updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        throw Unsupported.sql("updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw Unsupported.sql("updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw Unsupported.sql("updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
        throw Unsupported.sql("updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw Unsupported.sql("updateCharacterStream");
    }

    @Override
    public void updateClob(int columnIndex, Reader x) throws SQLException {
        throw Unsupported.sql("updateClob");
    }

    @Override
    public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
        throw Unsupported.sql("updateClob");
    }

    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        throw Unsupported.sql("updateClob");
    }

    @Override
    public void updateClob(String columnLabel, Reader x) throws SQLException {
        throw Unsupported.sql("updateClob");
    }

    @Override
    public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
        throw Unsupported.sql("updateClob");
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        throw Unsupported.sql("updateClob");
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        throw Unsupported.sql("updateDate");
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        throw Unsupported.sql("updateDate");
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        throw Unsupported.sql("updateDouble");
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        throw Unsupported.sql("updateDouble");
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        throw Unsupported.sql("updateFloat");
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        throw Unsupported.sql("updateFloat");
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        throw Unsupported.sql("updateInt");
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        throw Unsupported.sql("updateInt");
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        throw Unsupported.sql("updateLong");
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        throw Unsupported.sql("updateLong");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw Unsupported.sql("updateNCharacterStream");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw Unsupported.sql("updateNCharacterStream");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw Unsupported.sql("updateNCharacterStream");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw Unsupported.sql("updateNCharacterStream");
    }

    @Override
    public void updateNClob(int columnIndex, Reader x) throws SQLException {
        throw Unsupported.sql("updateNClob");
    }

    @Override
    public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
        throw Unsupported.sql("updateNClob");
    }

    @Override
    public void updateNClob(int columnIndex, NClob x) throws SQLException {
        throw Unsupported.sql("updateNClob");
    }

    @Override
    public void updateNClob(String columnLabel, Reader x) throws SQLException {
        throw Unsupported.sql("updateNClob");
    }

    @Override
    public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
        throw Unsupported.sql("updateNClob");
    }

    @Override
    public void updateNClob(String columnLabel, NClob x) throws SQLException {
        throw Unsupported.sql("updateNClob");
    }

    @Override
    public void updateNString(int columnIndex, String x) throws SQLException {
        throw Unsupported.sql("updateNString");
    }

    @Override
    public void updateNString(String columnLabel, String x) throws SQLException {
        throw Unsupported.sql("updateNString");
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        throw Unsupported.sql("updateNull");
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        throw Unsupported.sql("updateNull");
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        throw Unsupported.sql("updateObject");
    }

    @Override
    public void updateObject(int columnIndex, Object x, int length) throws SQLException {
        throw Unsupported.sql("updateObject");
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        throw Unsupported.sql("updateObject");
    }

    @Override
    public void updateObject(String columnLabel, Object x, int length) throws SQLException {
        throw Unsupported.sql("updateObject");
    }

    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        throw Unsupported.sql("updateRef");
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        throw Unsupported.sql("updateRef");
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        throw Unsupported.sql("updateRowId");
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        throw Unsupported.sql("updateRowId");
    }

    @Override
    public void updateRow() throws SQLException {
        throw Unsupported.sql("updateRow");
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
        throw Unsupported.sql("updateSQLXML");
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
        throw Unsupported.sql("updateSQLXML");
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        throw Unsupported.sql("updateShort");
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        throw Unsupported.sql("updateShort");
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        throw Unsupported.sql("updateString");
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        throw Unsupported.sql("updateString");
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        throw Unsupported.sql("updateTimestamp");
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        throw Unsupported.sql("updateTimestamp");
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        throw Unsupported.sql("updateTime");
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        throw Unsupported.sql("updateTime");
    }

    @Override
    public boolean wasNull() throws SQLException {
        return false;
    }
}
