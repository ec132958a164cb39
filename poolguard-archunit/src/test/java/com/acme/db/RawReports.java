package com.acme.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Raw JDBC where the documented example allows it. */
public final class RawReports {

    public int count(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return c.getNetworkTimeout();
        }
    }
}
