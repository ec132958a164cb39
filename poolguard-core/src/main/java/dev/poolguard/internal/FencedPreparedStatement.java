package dev.poolguard.internal;


import dev.poolguard.internal.sql.SqlShape;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement made from a {@link FencedConnection}; its SQL went through {@link Engine#sqlToSend} when it was
 * prepared. Bound values are hashed only while a unit of work counts executions (N+1 detection tells parameter sets
 * apart), and primitives without boxing.
 */
@SuppressWarnings("deprecation") // setUnicodeStream, delegated like every other method
class FencedPreparedStatement extends FencedStatement implements PreparedStatement {

    private final PreparedStatement prepared;
    /** Whether bound values are hashed: a unit of work counts this lease's statements and the guard is on. */
    private final boolean hashing;
    /** Hash of the parameters bound since the last execution. */
    private int parameterHash = 1;

    FencedPreparedStatement(FencedConnection connection, PreparedStatement prepared, String sql, SqlShape shape) {
        super(connection, prepared, sql, shape);
        this.prepared = prepared;
        this.hashing = connection.lease.unitOfWork() != null && connection.engine.guard().enabled();
    }

    /** The delegate, once the fence let the call through. */
    private PreparedStatement p() {
        connection.check();
        return prepared;
    }

    /** Before running the prepared SQL: counted with the parameters bound since the last execution. */
    private void executing() {
        starting(parameterHash);
        parameterHash = 1;
    }

    @Override
    int batchParameters() {
        return parameterHash;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        executing();
        try {
            return ran(prepared.executeQuery());
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            ended();
        }
    }

    @Override
    public boolean execute() throws SQLException {
        executing();
        try {
            return ran(prepared.execute());
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            ended();
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        executing();
        try {
            return ran(prepared.executeUpdate());
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            ended();
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        executing();
        try {
            return ran(prepared.executeLargeUpdate());
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            ended();
        }
    }

    final void bound(int index, Object value) {
        if (hashing) {
            parameterHash = 31 * (31 * parameterHash + index) + (value == null ? 0 : value.hashCode());
        }
    }

    final void bound(int index, int value) {
        if (hashing) {
            parameterHash = 31 * (31 * parameterHash + index) + value;
        }
    }

    final void bound(int index, long value) {
        if (hashing) {
            parameterHash = 31 * (31 * parameterHash + index) + Long.hashCode(value);
        }
    }

    final void bound(int index, double value) {
        if (hashing) {
            parameterHash = 31 * (31 * parameterHash + index) + Double.hashCode(value);
        }
    }

    final void bound(int index, boolean value) {
        if (hashing) {
            parameterHash = 31 * (31 * parameterHash + index) + Boolean.hashCode(value);
        }
    }

    /** A value bound by name (callable statements). */
    final void bound(String name, Object value) {
        bound(name.hashCode(), value);
    }

    final void bound(String name, int value) {
        bound(name.hashCode(), value);
    }

    final void bound(String name, long value) {
        bound(name.hashCode(), value);
    }

    final void bound(String name, double value) {
        bound(name.hashCode(), value);
    }

    final void bound(String name, boolean value) {
        bound(name.hashCode(), value);
    }

    @Override
    public void addBatch() throws SQLException {
        p().addBatch();
    }

    @Override
    public void clearParameters() throws SQLException {
        p().clearParameters();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return p().getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return p().getParameterMetaData();
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        p().setArray(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        p().setAsciiStream(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        p().setAsciiStream(parameterIndex, x, length);
        bound(parameterIndex, x);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        p().setAsciiStream(parameterIndex, x, length);
        bound(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        p().setBigDecimal(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        p().setBinaryStream(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        p().setBinaryStream(parameterIndex, x, length);
        bound(parameterIndex, x);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        p().setBinaryStream(parameterIndex, x, length);
        bound(parameterIndex, x);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        p().setBlob(parameterIndex, inputStream);
        bound(parameterIndex, inputStream);
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        p().setBlob(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        p().setBlob(parameterIndex, inputStream, length);
        bound(parameterIndex, inputStream);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        p().setBoolean(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        p().setByte(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        p().setBytes(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        p().setCharacterStream(parameterIndex, reader);
        bound(parameterIndex, reader);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        p().setCharacterStream(parameterIndex, reader, length);
        bound(parameterIndex, reader);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        p().setCharacterStream(parameterIndex, reader, length);
        bound(parameterIndex, reader);
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        p().setClob(parameterIndex, reader);
        bound(parameterIndex, reader);
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        p().setClob(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        p().setClob(parameterIndex, reader, length);
        bound(parameterIndex, reader);
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        p().setDate(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        p().setDate(parameterIndex, x, cal);
        bound(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        p().setDouble(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        p().setFloat(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        p().setInt(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        p().setLong(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        p().setNCharacterStream(parameterIndex, value);
        bound(parameterIndex, value);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        p().setNCharacterStream(parameterIndex, value, length);
        bound(parameterIndex, value);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        p().setNClob(parameterIndex, reader);
        bound(parameterIndex, reader);
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        p().setNClob(parameterIndex, value);
        bound(parameterIndex, value);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        p().setNClob(parameterIndex, reader, length);
        bound(parameterIndex, reader);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        p().setNString(parameterIndex, value);
        bound(parameterIndex, value);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        p().setNull(parameterIndex, sqlType);
        bound(parameterIndex, sqlType);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        p().setNull(parameterIndex, sqlType, typeName);
        bound(parameterIndex, sqlType);
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        p().setObject(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        p().setObject(parameterIndex, x, targetSqlType);
        bound(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        p().setObject(parameterIndex, x, targetSqlType);
        bound(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        p().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        bound(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        p().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        bound(parameterIndex, x);
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        p().setRef(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        p().setRowId(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        p().setSQLXML(parameterIndex, xmlObject);
        bound(parameterIndex, xmlObject);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        p().setShort(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        p().setString(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        p().setTime(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        p().setTime(parameterIndex, x, cal);
        bound(parameterIndex, x);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        p().setTimestamp(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        p().setTimestamp(parameterIndex, x, cal);
        bound(parameterIndex, x);
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        p().setURL(parameterIndex, x);
        bound(parameterIndex, x);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        p().setUnicodeStream(parameterIndex, x, length);
        bound(parameterIndex, x);
    }
}
