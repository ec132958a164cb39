package org.petclinic.owner;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** A JdbcTemplate repository: SQL in literals, and one maintenance job on a raw connection. */
public class JdbcVisitRepository {

    private static final RowMapper<Visit> MAPPER = (rs, row) -> new Visit(rs.getInt(1), rs.getInt(2),
            rs.getObject(3, LocalDate.class));

    private final JdbcTemplate jdbcTemplate;
    private final DataSource dataSource;

    public JdbcVisitRepository(JdbcTemplate jdbcTemplate, DataSource dataSource) {
        this.jdbcTemplate = jdbcTemplate;
        this.dataSource = dataSource;
    }

    public Optional<Visit> latestFor(int petId) {
        return jdbcTemplate.query("SELECT id, pet_id, visit_date FROM visits", MAPPER).stream() // expect: fetch-all-then-filter
                .filter(v -> v.petId() == petId)
                .findFirst();
    }

    public List<Visit> forPet(int petId) {
        return jdbcTemplate.query("SELECT id, pet_id, visit_date FROM visits WHERE pet_id = ?", MAPPER, petId); // ok
    }

    public long countAll() {
        return jdbcTemplate.query("SELECT count(*) FROM visits", (rs, row) -> rs.getLong(1)).stream()
                .filter(n -> n > 0).count(); // ok: one row
    }

    public void vacuum() throws SQLException {
        Connection con = DataSourceUtils.getConnection(dataSource); // expect: pool-bypass
        try (Statement statement = con.createStatement()) {
            statement.execute("VACUUM ANALYZE visits");
        } finally {
            DataSourceUtils.releaseConnection(con, dataSource);
        }
    }

    record Visit(int id, int petId, LocalDate date) {
    }
}
