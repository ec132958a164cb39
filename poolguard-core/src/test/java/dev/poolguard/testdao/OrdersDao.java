package dev.poolguard.testdao;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Stands in for an application's data-access layer in call-site tests: configured as one, its frames are skipped. */
public final class OrdersDao {

    private final DataSource dataSource;

    public OrdersDao(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Borrows and returns the connection open: the caller must close it. */
    public Connection open() throws SQLException {
        return dataSource.getConnection();
    }
}
