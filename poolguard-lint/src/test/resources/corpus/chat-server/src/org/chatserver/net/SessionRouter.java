package org.chatserver.net;

import org.chatserver.session.LocalSession;

/** XMPP routing: Connection here is the server's socket connection, nothing from java.sql. */
public class SessionRouter {

    private final ConnectionManager connectionManager;
    private Connection lastConnection;

    public SessionRouter(ConnectionManager connectionManager) {
        this.connectionManager = connectionManager;
    }

    public void deliver(LocalSession session, String stanza) {
        Connection conn = session.getConnection(); // ok: a socket connection
        conn.deliverRawText(stanza);
    }

    public void remember(LocalSession session) {
        lastConnection = session.getConnection(); // ok: a socket connection
    }

    public boolean isSecure(String address) {
        return connectionManager.getConnection(address).isSecure(); // ok: a socket connection
    }

    public void closeIdle(String address) {
        connectionManager.getConnection(address).close(); // ok
    }
}
