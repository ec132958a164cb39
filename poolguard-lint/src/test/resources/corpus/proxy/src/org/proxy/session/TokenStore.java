package org.proxy.session;

/** Sessions in the database, written with qualified JDBC names and no imports. */
public class TokenStore {

    private final javax.sql.DataSource ds;

    public TokenStore(javax.sql.DataSource ds) {
        this.ds = ds;
    }

    public void revoke(String token) throws java.sql.SQLException {
        java.sql.Connection c = ds.getConnection(); // expect: connection-leak, pool-bypass
        java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE token = ?");
        ps.setString(1, token);
        ps.executeUpdate();
        c.close();
    }

    public void touch(String token) throws java.sql.SQLException {
        try (DbTransaction tx = new DbTransaction(ds.getConnection())) { // expect: pool-bypass
            tx.update("UPDATE sessions SET seen = now() WHERE token = ?", token);
        }
    }

    /** A thread-bound connection the framework closes at the end of the request; the lint takes it for a borrow. */
    public int count() throws java.sql.SQLException {
        java.sql.Connection c = Jdbc.getCurrentConnection(); // wrong: connection-leak, pool-bypass
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM sessions")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
