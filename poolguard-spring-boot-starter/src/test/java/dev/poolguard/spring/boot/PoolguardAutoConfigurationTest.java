package dev.poolguard.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.poolguard.Database;
import dev.poolguard.status.LeaseInfo;
import dev.poolguard.LeasedDataSource;
import dev.poolguard.embedded.SharedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.jdbc.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration in plain application contexts (no web server); the example app covers the web side end to end. */
class PoolguardAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PoolguardAutoConfiguration.class, PoolguardActuatorAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                    TransactionAutoConfiguration.class, TransactionManagerCustomizationAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, DataSourceHealthContributorAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + SharedPostgres.server().url(), "spring.application.name=orders",
                    "poolguard.min-idle=0");

    @Test
    void theDataSourceIsPoolguardsConfiguredFromSpringAndPoolguardProperties() {
        runner.withPropertyValues("poolguard.max-pool-size=3", "poolguard.connection-timeout=750ms",
                "poolguard.reclaim-after=30s", "poolguard.workloads.reports=2", "poolguard.query-guard.n-plus-one-threshold=5",
                "poolguard.query-guard.mode=strict", "poolguard.retry.max-attempts=2",
                "poolguard.data-access-packages=com.acme.persistence").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Database.class).doesNotHaveBean(HikariDataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(LeasedDataSource.class);
            Database db = context.getBean(Database.class);
            assertThat(db.config().maxPoolSize()).isEqualTo(3);
            assertThat(db.config().connectionTimeout().toMillis()).isEqualTo(750);
            assertThat(db.config().reclaimAfter().toSeconds()).isEqualTo(30);
            assertThat(db.config().workloadLimits()).containsEntry("reports", 2);
            assertThat(db.config().queryGuard().nPlusOneThreshold()).isEqualTo(5);
            assertThat(db.config().queryGuard().strict()).isTrue();
            assertThat(db.config().retryPolicy().maxAttempts()).isEqualTo(2);
            assertThat(db.config().applicationName()).isEqualTo("orders");
            assertThat(db.config().dataAccessPackages()).contains("com.acme.persistence.", "org.springframework.");
            assertThat(context.getBean(JdbcClient.class).sql("select 40 + 2").query(Integer.class).single()).isEqualTo(42);
        });
    }

    @Test
    void theDefaultsArePoolguardsOwn() {
        PoolguardProperties p = new PoolguardProperties();
        dev.poolguard.DatabaseConfig defaults = Database.builder().url(SharedPostgres.server().url()).config();
        assertThat(PoolguardAutoConfiguration.builder(dataSource(), p, null).config().toString()).isEqualTo(defaults.toString());
    }

    private static org.springframework.boot.autoconfigure.jdbc.DataSourceProperties dataSource() {
        org.springframework.boot.autoconfigure.jdbc.DataSourceProperties d = new org.springframework.boot.autoconfigure.jdbc.DataSourceProperties();
        d.setUrl(SharedPostgres.server().url());
        return d;
    }

    @Test
    void aMissingOrBadSettingFailsStartupNamingIt() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PoolguardAutoConfiguration.class)).run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("spring.datasource.url").hasMessageContaining("is not set"));
        runner.withPropertyValues("poolguard.max-pool-size=0").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("maxPoolSize: 0 is out of range 1..10000"));
        runner.withPropertyValues("poolguard.query-guard.row-budget=0").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("poolguard.query-guard")
                        .hasMessageContaining("rowBudget: 0 is out of range"));
    }

    @Test
    void aTransactionsLeaseIsNamedAfterItsMethodAndJdbcClientOutsideOneAfterTheCaller() {
        runner.withUserConfiguration(OrdersConfig.class).run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThat(orders.placeAndReadLeases()).singleElement()
                    .satisfies(l -> assertThat(l.callSite()).isEqualTo(Orders.class.getName() + ".placeAndReadLeases"));
            assertThat(orders.placeWithAudit()).extracting(LeaseInfo::callSite).containsExactlyInAnyOrder(
                    Orders.class.getName() + ".placeWithAudit", Audit.class.getName() + ".record");
            assertThat(orders.placeAndReadLeases()).singleElement() // the inner name was given back with its transaction
                    .satisfies(l -> assertThat(l.callSite()).isEqualTo(Orders.class.getName() + ".placeAndReadLeases"));
            assertThat(orders.leaseSiteOfAPlainQuery()).startsWith(Orders.class.getName() + ".leaseSiteOfAPlainQuery(");
            assertThat(context.getBean(Database.class).diagnostics().leases()).isEmpty();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OrdersConfig {
        @Bean
        Orders orders(JdbcClient jdbc, Database db, Audit audit) {
            return new Orders(jdbc, db, audit);
        }

        @Bean
        Audit audit(JdbcClient jdbc, Database db) {
            return new Audit(jdbc, db);
        }
    }

    static class Audit {
        private final JdbcClient jdbc;
        private final Database db;

        Audit(JdbcClient jdbc, Database db) {
            this.jdbc = jdbc;
            this.db = db;
        }

        @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
        public List<LeaseInfo> record() {
            jdbc.sql("select 2").query(Integer.class).single();
            return db.diagnostics().leases();
        }
    }

    static class Orders {
        private final JdbcClient jdbc;
        private final Database db;

        private final Audit audit;

        Orders(JdbcClient jdbc, Database db, Audit audit) {
            this.jdbc = jdbc;
            this.db = db;
            this.audit = audit;
        }

        @Transactional
        public List<LeaseInfo> placeWithAudit() {
            jdbc.sql("select 1").query(Integer.class).single();
            return audit.record();
        }

        @Transactional
        public List<LeaseInfo> placeAndReadLeases() {
            jdbc.sql("select 1").query(Integer.class).single();
            return db.diagnostics().leases();
        }

        public String leaseSiteOfAPlainQuery() {
            return jdbc.sql("select 1").query((rs, n) -> db.diagnostics().leases().get(0).callSite()).single();
        }
    }

    @Test
    void theDbHealthContributorIsPoolguardsAndNeverBorrows() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator.class);
            HealthIndicator db = context.getBean("dbHealthContributor", HealthIndicator.class);
            assertThat(db).isInstanceOf(PoolguardHealthIndicator.class);
            org.springframework.boot.actuate.health.Health health = db.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("poolguard", "UP").containsKey("pool");
            assertThat(context.getBean(Database.class).diagnostics().status().total()).isZero(); // the probe used a connection of its own
        });
    }

    @Test
    void poolMetricsCarryOpenTelemetryNames() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("db.client.connection.max").gauge()).isNotNull()
                    .satisfies(g -> assertThat(g.value()).isEqualTo(20.0));
            assertThat(registry.find("db.client.connection.count").tag("state", "used").gauge()).isNotNull();
        });
    }

    @Test
    void stoppingTheApplicationClosesTheDatabase() {
        Database[] db = new Database[1];
        runner.run(context -> db[0] = context.getBean(Database.class));
        assertThat(db[0].isClosed()).isTrue();
        assertThat(new PoolguardLifecycle(db[0]).getPhase()).isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 2048);
    }

    @Test
    void configurationMetadataIsGeneratedForEverySetting() throws Exception {
        String json;
        try (var in = Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json"),
                "META-INF/spring-configuration-metadata.json was not generated")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(json).contains("\"name\": \"poolguard.max-pool-size\"", "\"name\": \"poolguard.reclaim-after\"",
                "\"name\": \"poolguard.workloads\"", "\"name\": \"poolguard.query-guard.n-plus-one-threshold\"",
                "\"name\": \"poolguard.pooler\"", "\"name\": \"poolguard.dashboard.access-token\"",
                "\"name\": \"poolguard.retry.max-attempts\"", "Longest wait for a connection");
    }
}
