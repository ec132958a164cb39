package org.chatserver.muc;

import org.chatserver.database.DbConnectionManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Room persistence through the connection manager, outside the owners of raw JDBC. */
public class MUCPersistenceManager {

    private static final String LOAD_ROOMS = "SELECT roomID, name, persistent FROM ofMucRoom WHERE serviceID=?";
    private static final String UPDATE_ROOM = "UPDATE ofMucRoom SET name=? WHERE roomID=?";
    private static final String COUNT_MESSAGES = "SELECT count(*) FROM ofMucConversationLog WHERE roomID=?";

    public static List<String> loadRooms(long serviceId) {
        List<String> names = new ArrayList<>();
        Connection con = null;
        PreparedStatement pstmt = null;
        ResultSet rs = null;
        try {
            con = DbConnectionManager.getConnection(); // expect: pool-bypass
            pstmt = con.prepareStatement(LOAD_ROOMS);
            pstmt.setLong(1, serviceId);
            rs = pstmt.executeQuery();
            while (rs.next()) {
                names.add(rs.getString(2));
            }
        } catch (SQLException e) {
            names.clear();
        } finally {
            DbConnectionManager.closeConnection(rs, pstmt, con);
        }
        return names;
    }

    public static void saveRoom(long roomId, String name) {
        Connection con = null;
        PreparedStatement pstmt = null;
        boolean abort = false;
        try {
            con = DbConnectionManager.getTransactionConnection(); // expect: pool-bypass
            pstmt = con.prepareStatement(UPDATE_ROOM);
            pstmt.setString(1, name);
            pstmt.setLong(2, roomId);
            pstmt.executeUpdate();
        } catch (SQLException e) {
            abort = true;
        } finally {
            DbConnectionManager.closeTransactionConnection(pstmt, con, abort);
        }
    }

    public static int countMessages(long roomId) throws SQLException {
        Connection con = DbConnectionManager.getConnection(); // expect: connection-leak, pool-bypass
        PreparedStatement pstmt = con.prepareStatement(COUNT_MESSAGES);
        pstmt.setLong(1, roomId);
        ResultSet rs = pstmt.executeQuery();
        rs.next();
        int count = rs.getInt(1);
        con.close();
        return count;
    }
}
