package com.acme.web;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/** What the documented example exists to catch: a borrow and HikariCP outside the allowed places. */
public final class OrdersController {

    public boolean ping(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return c.isValid(1);
        }
    }
}
