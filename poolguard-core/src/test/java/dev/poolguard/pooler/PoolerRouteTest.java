package dev.poolguard.pooler;

import dev.poolguard.Database;
import dev.poolguard.event.EventType;
import dev.poolguard.LogCapture;
import dev.poolguard.Pg;
import dev.poolguard.QueryGuardException;
import dev.poolguard.embedded.PgBouncer;
import dev.poolguard.embedded.SystemTool;
import dev.poolguard.embedded.junit.RequiresTool;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Poolguard knows what its connections go through, without a setting, and behaves accordingly. */
class PoolerRouteTest {

    /** Server-side prepared statements on the connection a callback holds (pgjdbc names them S_1, S_2, ...). */
    private static long preparedOnServer(Database db) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select ? + 1")) {
                for (int i = 0; i < 8; i++) { // past pgjdbc's prepareThreshold of 5
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select count(*) from pg_prepared_statements where name like 'S\\_%'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static Database through(String url, String name) {
        return Database.builder().url(url).poolName(name).maxPoolSize(3).minIdle(0).connectionTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aDirectConnectionIsDetectedAndKeepsPreparedStatements() {
        try (LogCapture logs = new LogCapture(); Database db = through(Pg.server().url(), "route_direct")) {
            assertThat(db.diagnostics().status().route().source()).as("nothing known before the first connection").isEqualTo(Route.Source.NOT_YET);
            assertThat(preparedOnServer(db)).isPositive();
            Route route = db.diagnostics().status().route();
            assertThat(route.kind()).isEqualTo(Route.Kind.DIRECT);
            assertThat(route.source()).isEqualTo(Route.Source.DETECTED);
            assertThat(route.toString()).startsWith("direct to PostgreSQL, detected: the driver and the server agree on backend pid");
            assertThat(db.diagnostics().status().toString()).doesNotContain("via");
            assertThat(logs.text()).contains("Poolguard route_direct connects direct to PostgreSQL");
        }
    }

    @Test
    @RequiresTool(SystemTool.PGBOUNCER)
    void aTransactionPoolerIsDetectedAndGetsNoPreparedStatementsNorSessionState() {
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).mode(PgBouncer.PoolMode.TRANSACTION).start();
             LogCapture logs = new LogCapture();
             Database db = through(bouncer.url(), "route_tx")) {
            assertThat(preparedOnServer(db)).isZero();
            Route route = db.diagnostics().status().route();
            assertThat(route.kind()).isEqualTo(Route.Kind.TRANSACTION_POOLER);
            assertThat(route.evidence()).contains("is not the server's");
            assertThat(db.diagnostics().status().toString()).endsWith("via transaction pooler");
            assertThat(db.diagnostics().health().pool().route()).isEqualTo(route);
            assertThat(logs.text()).contains("Poolguard route_tx connects transaction pooler, detected")
                    .contains("server-side prepared statements off");

            for (String sql : new String[]{"set statement_timeout = 1000", "select pg_advisory_lock(42)", "listen jobs",
                    "create temporary table scratch (id int)"}) {
                assertThatThrownBy(() -> db.update(sql)).as(sql).isInstanceOf(QueryGuardException.class)
                        .hasMessageStartingWith("SESSION_STATE: ")
                        .hasMessageContaining("transaction pooler")
                        .satisfies(e -> assertThat(((QueryGuardException) e).rule()).isEqualTo(EventType.SESSION_STATE));
            }
            // What ends with the transaction is fine.
            db.transaction(tx -> {
                tx.update("set local statement_timeout = 1000");
                tx.queryOne("select pg_advisory_xact_lock(42)", rs -> 1);
                return tx.update("create temporary table scratch (id int) on commit drop");
            });
        }
    }

    @Test
    @RequiresTool(SystemTool.PGBOUNCER)
    void aSessionPoolerIsDetectedAndKeepsPreparedStatements() {
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).mode(PgBouncer.PoolMode.SESSION).defaultPoolSize(5).start();
             Database db = through(bouncer.url(), "route_session")) {
            assertThat(preparedOnServer(db)).as("no needless slowdown in session mode").isPositive();
            Route route = db.diagnostics().status().route();
            assertThat(route.kind()).isEqualTo(Route.Kind.SESSION_POOLER);
            assertThat(route.evidence()).contains("session mode");
            assertThat(db.diagnostics().status().toString()).endsWith("via session pooler");
            assertThat(db.update("set statement_timeout = 5000")).as("session state is the client's own in session mode").isZero();
        }
    }

    @Test
    @RequiresTool(SystemTool.PGBOUNCER)
    void theSettingOverridesDetectionAndAnExplicitPrepareThresholdIsKept() {
        try (PgBouncer bouncer = PgBouncer.in(Pg.server()).mode(PgBouncer.PoolMode.SESSION).defaultPoolSize(5).start()) {
            try (Database db = Database.builder().url(bouncer.url()).poolName("route_setting").maxPoolSize(2).minIdle(0)
                    .pooler(PoolerMode.TRANSACTION).build()) {
                assertThat(db.diagnostics().status().route()).hasToString("transaction pooler, as configured: pooler(TRANSACTION)");
                assertThat(preparedOnServer(db)).isZero();
            }
            try (Database db = Database.builder().url(bouncer.url() + "?prepareThreshold=5").poolName("route_explicit").maxPoolSize(2)
                    .minIdle(0).pooler(PoolerMode.TRANSACTION).build()) {
                assertThat(preparedOnServer(db)).as("an explicit prepareThreshold (PgBouncer 1.21+) is the application's").isPositive();
            }
        }
    }

    @Test
    void theEnvironmentSetsThePoolerAndABadValueNamesTheChoices() {
        assertThat(Database.builder().fromEnv(java.util.Map.of("DATABASE_URL", "postgres://db/app", "POOLGUARD_POOLER", "transaction"))
                .config().initialRoute().transactionPooled()).isTrue();
        assertThatThrownBy(() -> Database.builder().fromEnv(java.util.Map.of("POOLGUARD_POOLER", "bouncer")))
                .hasMessageContaining("POOLGUARD_POOLER").hasMessageContaining("'bouncer' is not auto, none, session or transaction");
    }

    @Test
    void providerUrlsAskForTlsAndRemotePlainTextIsNeverSilent() {
        var supabase = Database.builder().url("postgres://u:pw@db.abcd.supabase.co:5432/postgres").config();
        assertThat(supabase.provider()).isEqualTo(Provider.SUPABASE);
        assertThat(dev.poolguard.internal.Engine.tlsWarning(supabase)).as("sslmode=require is added").isNull();
        var remote = Database.builder().url("postgres://u:pw@db.example.com/app").config();
        assertThat(dev.poolguard.internal.Engine.tlsWarning(remote)).contains("TLS is not required for postgres://u:****@db.example.com/app")
                .contains("sslmode=prefer, pgjdbc's default").contains("add sslmode=require").doesNotContain("pw");
        assertThat(dev.poolguard.internal.Engine.tlsWarning(Database.builder().url("postgres://u:pw@db.example.com/app?sslmode=verify-full")
                .config())).isNull();
        assertThat(dev.poolguard.internal.Engine.tlsWarning(Database.builder().url("postgres://127.0.0.1/app").config())).isNull();
    }
}
