package org.chatserver.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Static access to the provider's connections, as raw-JDBC servers have it. */
public final class DbConnectionManager {

    private static ConnectionProvider connectionProvider = new DefaultConnectionProvider();

    private DbConnectionManager() {
    }

    public static Connection getConnection() throws SQLException {
        return connectionProvider.getConnection(); // ok: handed to the caller
    }

    public static Connection getTransactionConnection() throws SQLException {
        Connection con = getConnection(); // ok: returned
        con.setAutoCommit(false);
        return con;
    }

    public static void closeTransactionConnection(PreparedStatement pstmt, Connection con, boolean abort) {
        try {
            if (abort) {
                con.rollback();
            } else {
                con.commit();
            }
            con.setAutoCommit(true);
        } catch (SQLException e) {
            abort = true;
        }
        closeConnection(null, pstmt, con);
    }

    public static void closeConnection(ResultSet rs, Statement stmt, Connection con) {
        try {
            if (rs != null) {
                rs.close();
            }
            if (stmt != null) {
                stmt.close();
            }
            if (con != null) {
                con.close();
            }
        } catch (SQLException e) {
            // logged by the caller's Log in the real thing
        }
    }

    public static boolean isTransactionsSupported() {
        Connection con = null;
        try {
            con = getConnection(); // ok: closed in the finally
            return con.getMetaData().supportsTransactions();
        } catch (SQLException e) {
            return false;
        } finally {
            closeConnection(null, null, con);
        }
    }

    public static String databaseProduct() throws SQLException {
        Connection con = getConnection(); // expect: connection-leak
        String product = con.getMetaData().getDatabaseProductName();
        con.close();
        return product;
    }
}
