package org.proxy.http;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;

/** Upstream HTTP connections from the proxy's own pool: no JDBC in this file. */
public class UpstreamClient {

    private final UpstreamConnectionPool pool;
    private HttpConnection keepAlive;

    public UpstreamClient(UpstreamConnectionPool pool) {
        this.pool = pool;
    }

    public byte[] fetch(String host, String path) throws IOException {
        HttpConnection conn = pool.getConnection(host); // ok: an HTTP connection
        return conn.get(path);
    }

    public int probe(URL health) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) health.openConnection(); // ok: HTTP
        return connection.getResponseCode();
    }

    public void warm(String host) throws IOException {
        keepAlive = pool.getConnection(host); // ok: an HTTP connection
    }

    /** Borrowed from a pool the file cannot type, through var: the lint cannot tell it is JDBC. */
    public long auditRows() throws Exception {
        var conn = Registry.auditPool().getConnection(); // missed: connection-leak, pool-bypass
        var rs = conn.createStatement().executeQuery("SELECT count(*) FROM audit");
        rs.next();
        return rs.getLong(1);
    }
}
