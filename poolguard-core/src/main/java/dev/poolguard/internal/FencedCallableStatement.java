package dev.poolguard.internal;


import dev.poolguard.internal.sql.SqlShape;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/** A callable statement made from a {@link FencedConnection}: a {@link FencedPreparedStatement} with out parameters. */
@SuppressWarnings("deprecation") // getBigDecimal(int, int), delegated like every other method
final class FencedCallableStatement extends FencedPreparedStatement implements CallableStatement {

    private final CallableStatement callable;

    FencedCallableStatement(FencedConnection connection, CallableStatement callable, String sql, SqlShape shape) {
        super(connection, callable, sql, shape);
        this.callable = callable;
    }

    /** The delegate, once the fence let the call through. */
    private CallableStatement c() {
        connection.check();
        return callable;
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        return c().getArray(parameterName);
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        return c().getArray(parameterIndex);
    }

    @Override
    public BigDecimal getBigDecimal(String parameterName) throws SQLException {
        return c().getBigDecimal(parameterName);
    }

    @Override
    public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        return c().getBigDecimal(parameterIndex);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        return c().getBigDecimal(parameterIndex, scale);
    }

    @Override
    public Blob getBlob(String parameterName) throws SQLException {
        return c().getBlob(parameterName);
    }

    @Override
    public Blob getBlob(int parameterIndex) throws SQLException {
        return c().getBlob(parameterIndex);
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        return c().getBoolean(parameterName);
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        return c().getBoolean(parameterIndex);
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        return c().getByte(parameterName);
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        return c().getByte(parameterIndex);
    }

    @Override
    public byte[] getBytes(String parameterName) throws SQLException {
        return c().getBytes(parameterName);
    }

    @Override
    public byte[] getBytes(int parameterIndex) throws SQLException {
        return c().getBytes(parameterIndex);
    }

    @Override
    public Reader getCharacterStream(String parameterName) throws SQLException {
        return c().getCharacterStream(parameterName);
    }

    @Override
    public Reader getCharacterStream(int parameterIndex) throws SQLException {
        return c().getCharacterStream(parameterIndex);
    }

    @Override
    public Clob getClob(String parameterName) throws SQLException {
        return c().getClob(parameterName);
    }

    @Override
    public Clob getClob(int parameterIndex) throws SQLException {
        return c().getClob(parameterIndex);
    }

    @Override
    public Date getDate(String parameterName) throws SQLException {
        return c().getDate(parameterName);
    }

    @Override
    public Date getDate(int parameterIndex) throws SQLException {
        return c().getDate(parameterIndex);
    }

    @Override
    public Date getDate(String parameterName, Calendar cal) throws SQLException {
        return c().getDate(parameterName, cal);
    }

    @Override
    public Date getDate(int parameterIndex, Calendar cal) throws SQLException {
        return c().getDate(parameterIndex, cal);
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        return c().getDouble(parameterName);
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        return c().getDouble(parameterIndex);
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        return c().getFloat(parameterName);
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        return c().getFloat(parameterIndex);
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        return c().getInt(parameterName);
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        return c().getInt(parameterIndex);
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        return c().getLong(parameterName);
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        return c().getLong(parameterIndex);
    }

    @Override
    public Reader getNCharacterStream(String parameterName) throws SQLException {
        return c().getNCharacterStream(parameterName);
    }

    @Override
    public Reader getNCharacterStream(int parameterIndex) throws SQLException {
        return c().getNCharacterStream(parameterIndex);
    }

    @Override
    public NClob getNClob(String parameterName) throws SQLException {
        return c().getNClob(parameterName);
    }

    @Override
    public NClob getNClob(int parameterIndex) throws SQLException {
        return c().getNClob(parameterIndex);
    }

    @Override
    public String getNString(String parameterName) throws SQLException {
        return c().getNString(parameterName);
    }

    @Override
    public String getNString(int parameterIndex) throws SQLException {
        return c().getNString(parameterIndex);
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        return c().getObject(parameterName);
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        return c().getObject(parameterIndex);
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        return c().getObject(parameterName, type);
    }

    @Override
    public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
        return c().getObject(parameterName, map);
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        return c().getObject(parameterIndex, type);
    }

    @Override
    public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
        return c().getObject(parameterIndex, map);
    }

    @Override
    public Ref getRef(String parameterName) throws SQLException {
        return c().getRef(parameterName);
    }

    @Override
    public Ref getRef(int parameterIndex) throws SQLException {
        return c().getRef(parameterIndex);
    }

    @Override
    public RowId getRowId(String parameterName) throws SQLException {
        return c().getRowId(parameterName);
    }

    @Override
    public RowId getRowId(int parameterIndex) throws SQLException {
        return c().getRowId(parameterIndex);
    }

    @Override
    public SQLXML getSQLXML(String parameterName) throws SQLException {
        return c().getSQLXML(parameterName);
    }

    @Override
    public SQLXML getSQLXML(int parameterIndex) throws SQLException {
        return c().getSQLXML(parameterIndex);
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        return c().getShort(parameterName);
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        return c().getShort(parameterIndex);
    }

    @Override
    public String getString(String parameterName) throws SQLException {
        return c().getString(parameterName);
    }

    @Override
    public String getString(int parameterIndex) throws SQLException {
        return c().getString(parameterIndex);
    }

    @Override
    public Time getTime(String parameterName) throws SQLException {
        return c().getTime(parameterName);
    }

    @Override
    public Time getTime(int parameterIndex) throws SQLException {
        return c().getTime(parameterIndex);
    }

    @Override
    public Time getTime(String parameterName, Calendar cal) throws SQLException {
        return c().getTime(parameterName, cal);
    }

    @Override
    public Time getTime(int parameterIndex, Calendar cal) throws SQLException {
        return c().getTime(parameterIndex, cal);
    }

    @Override
    public Timestamp getTimestamp(String parameterName) throws SQLException {
        return c().getTimestamp(parameterName);
    }

    @Override
    public Timestamp getTimestamp(int parameterIndex) throws SQLException {
        return c().getTimestamp(parameterIndex);
    }

    @Override
    public Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
        return c().getTimestamp(parameterName, cal);
    }

    @Override
    public Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
        return c().getTimestamp(parameterIndex, cal);
    }

    @Override
    public URL getURL(String parameterName) throws SQLException {
        return c().getURL(parameterName);
    }

    @Override
    public URL getURL(int parameterIndex) throws SQLException {
        return c().getURL(parameterIndex);
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        c().registerOutParameter(parameterName, sqlType);
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
        c().registerOutParameter(parameterName, sqlType);
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        c().registerOutParameter(parameterIndex, sqlType);
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
        c().registerOutParameter(parameterIndex, sqlType);
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        c().registerOutParameter(parameterName, sqlType, typeName);
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
        c().registerOutParameter(parameterName, sqlType, scale);
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
        c().registerOutParameter(parameterName, sqlType, typeName);
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
        c().registerOutParameter(parameterName, sqlType, scale);
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        c().registerOutParameter(parameterIndex, sqlType, typeName);
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        c().registerOutParameter(parameterIndex, sqlType, scale);
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
        c().registerOutParameter(parameterIndex, sqlType, typeName);
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
        c().registerOutParameter(parameterIndex, sqlType, scale);
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x) throws SQLException {
        c().setAsciiStream(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, int length) throws SQLException {
        c().setAsciiStream(parameterName, x, length);
        bound(parameterName, x);
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, long length) throws SQLException {
        c().setAsciiStream(parameterName, x, length);
        bound(parameterName, x);
    }

    @Override
    public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
        c().setBigDecimal(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x) throws SQLException {
        c().setBinaryStream(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, int length) throws SQLException {
        c().setBinaryStream(parameterName, x, length);
        bound(parameterName, x);
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, long length) throws SQLException {
        c().setBinaryStream(parameterName, x, length);
        bound(parameterName, x);
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
        c().setBlob(parameterName, inputStream);
        bound(parameterName, inputStream);
    }

    @Override
    public void setBlob(String parameterName, Blob x) throws SQLException {
        c().setBlob(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
        c().setBlob(parameterName, inputStream, length);
        bound(parameterName, inputStream);
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        c().setBoolean(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        c().setByte(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        c().setBytes(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader) throws SQLException {
        c().setCharacterStream(parameterName, reader);
        bound(parameterName, reader);
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader, int length) throws SQLException {
        c().setCharacterStream(parameterName, reader, length);
        bound(parameterName, reader);
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader, long length) throws SQLException {
        c().setCharacterStream(parameterName, reader, length);
        bound(parameterName, reader);
    }

    @Override
    public void setClob(String parameterName, Reader reader) throws SQLException {
        c().setClob(parameterName, reader);
        bound(parameterName, reader);
    }

    @Override
    public void setClob(String parameterName, Clob x) throws SQLException {
        c().setClob(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setClob(String parameterName, Reader reader, long length) throws SQLException {
        c().setClob(parameterName, reader, length);
        bound(parameterName, reader);
    }

    @Override
    public void setDate(String parameterName, Date x) throws SQLException {
        c().setDate(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setDate(String parameterName, Date x, Calendar cal) throws SQLException {
        c().setDate(parameterName, x, cal);
        bound(parameterName, x);
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        c().setDouble(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        c().setFloat(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        c().setInt(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        c().setLong(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
        c().setNCharacterStream(parameterName, value);
        bound(parameterName, value);
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
        c().setNCharacterStream(parameterName, value, length);
        bound(parameterName, value);
    }

    @Override
    public void setNClob(String parameterName, Reader reader) throws SQLException {
        c().setNClob(parameterName, reader);
        bound(parameterName, reader);
    }

    @Override
    public void setNClob(String parameterName, NClob value) throws SQLException {
        c().setNClob(parameterName, value);
        bound(parameterName, value);
    }

    @Override
    public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
        c().setNClob(parameterName, reader, length);
        bound(parameterName, reader);
    }

    @Override
    public void setNString(String parameterName, String value) throws SQLException {
        c().setNString(parameterName, value);
        bound(parameterName, value);
    }

    @Override
    public void setNull(String parameterName, int sqlType) throws SQLException {
        c().setNull(parameterName, sqlType);
        bound(parameterName, sqlType);
    }

    @Override
    public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
        c().setNull(parameterName, sqlType, typeName);
        bound(parameterName, sqlType);
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        c().setObject(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
        c().setObject(parameterName, x, targetSqlType);
        bound(parameterName, x);
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
        c().setObject(parameterName, x, targetSqlType);
        bound(parameterName, x);
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
        c().setObject(parameterName, x, targetSqlType, scale);
        bound(parameterName, x);
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        c().setObject(parameterName, x, targetSqlType, scaleOrLength);
        bound(parameterName, x);
    }

    @Override
    public void setRowId(String parameterName, RowId x) throws SQLException {
        c().setRowId(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
        c().setSQLXML(parameterName, xmlObject);
        bound(parameterName, xmlObject);
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        c().setShort(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        c().setString(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setTime(String parameterName, Time x) throws SQLException {
        c().setTime(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setTime(String parameterName, Time x, Calendar cal) throws SQLException {
        c().setTime(parameterName, x, cal);
        bound(parameterName, x);
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x) throws SQLException {
        c().setTimestamp(parameterName, x);
        bound(parameterName, x);
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x, Calendar cal) throws SQLException {
        c().setTimestamp(parameterName, x, cal);
        bound(parameterName, x);
    }

    @Override
    public void setURL(String parameterName, URL val) throws SQLException {
        c().setURL(parameterName, val);
        bound(parameterName, val);
    }

    @Override
    public boolean wasNull() throws SQLException {
        return c().wasNull();
    }
}
