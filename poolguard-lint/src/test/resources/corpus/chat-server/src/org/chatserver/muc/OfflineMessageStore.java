package org.chatserver.muc;

import org.chatserver.database.DbConnectionManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Offline messages: one statement per call, and two shortcuts that keep connections checked out. */
public class OfflineMessageStore {

    private static final String INSERT = "INSERT INTO ofOffline (username, messageID, stanza) VALUES (?, ?, ?)";
    private static Connection shared;

    public void addMessage(String username, long id, String stanza) {
        Connection con = null;
        PreparedStatement pstmt = null;
        try {
            con = DbConnectionManager.getConnection(); // expect: pool-bypass
            pstmt = con.prepareStatement(INSERT);
            pstmt.setString(1, username);
            pstmt.setLong(2, id);
            pstmt.setString(3, stanza);
            pstmt.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store an offline message for " + username, e);
        } finally {
            DbConnectionManager.closeConnection(null, pstmt, con);
        }
    }

    /** The caller closes the statement; nobody closes its connection. */
    public PreparedStatement prepare(String sql) throws SQLException {
        return DbConnectionManager.getConnection().prepareStatement(sql); // expect: connection-leak, pool-bypass
    }

    public static void warmUp() throws SQLException {
        shared = DbConnectionManager.getConnection(); // expect: connection-leak, pool-bypass
    }
}
