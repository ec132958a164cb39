package dev.poolguard.example.spring.web;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The incidents' first mistake, on purpose: a connection taken from the pool and never given back. It lives with the
 * tests (component scanning finds it there), so the service itself stays clean and the lint keeps finding real leaks.
 */
@RestController
public class DebugController {

    private final DataSource dataSource;

    public DebugController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @GetMapping("/debug/leak")
    public String leak() throws SQLException {
        Connection c = DataSourceUtils.getConnection(dataSource); // never released: no releaseConnection, no close
        try (Statement s = c.createStatement()) {
            s.execute("select 1");
        }
        return "leaked";
    }
}
