package dev.poolguard.embedded;

import dev.poolguard.embedded.junit.RequiresTool;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RequiresTool({SystemTool.PGBOUNCER, SystemTool.PSQL})
class PgBouncerTest {

    @Test
    void forwardsQueriesRestartsOnItsPortAndAnswersAdminCommands() throws Exception {
        EmbeddedPostgresServer server = SharedPostgres.server();
        try (PgBouncer bouncer = PgBouncer.in(server).mode(PgBouncer.PoolMode.TRANSACTION).defaultPoolSize(2).start()) {
            assertThat(selectOne(bouncer)).isEqualTo(1);
            assertThat(bouncer.pool()).containsEntry("pool_mode", "transaction").containsKey("cl_waiting");

            int port = bouncer.port();
            bouncer.stop();
            assertThat(bouncer.isRunning()).isFalse();
            assertThatThrownBy(() -> selectOne(bouncer)).isInstanceOf(SQLException.class);
            bouncer.startAgain();
            assertThat(bouncer.port()).isEqualTo(port);
            assertThat(selectOne(bouncer)).isEqualTo(1);

            bouncer.admin("PAUSE");
            bouncer.admin("RESUME");
            assertThat(selectOne(bouncer)).isEqualTo(1);
        }
    }

    private static int selectOne(PgBouncer bouncer) throws SQLException {
        try (Connection c = DriverManager.getConnection(bouncer.jdbcUrl() + "&connectTimeout=5&socketTimeout=10");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
