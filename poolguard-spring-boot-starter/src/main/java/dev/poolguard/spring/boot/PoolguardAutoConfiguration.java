package dev.poolguard.spring.boot;

import dev.poolguard.Database;
import dev.poolguard.DatabaseBuilder;
import dev.poolguard.event.EventReporter;
import dev.poolguard.InvalidConfigurationException;
import dev.poolguard.LeasedDataSource;
import dev.poolguard.event.LoggingReporter;
import dev.poolguard.guard.QueryGuard;
import dev.poolguard.retry.RetryPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;

/**
 * Replaces Spring Boot's pooled {@code DataSource} (HikariCP) with Poolguard's: a {@link Database} built from
 * {@code spring.datasource.url/username/password} and {@code poolguard.*}, its {@link LeasedDataSource} as the
 * application's {@code DataSource}, transactions' leases named after their {@code @Transactional} methods, and a drain
 * of in-flight work when the application stops.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({DataSource.class, Database.class})
@EnableConfigurationProperties({PoolguardProperties.class, DataSourceProperties.class})
public class PoolguardAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Database poolguardDatabase(DataSourceProperties dataSource, PoolguardProperties properties, Environment environment,
                                      ObjectProvider<EventReporter> reporters) {
        DatabaseBuilder builder = builder(dataSource, properties, environment.getProperty("spring.application.name"));
        // The database logs its events only when given no reporter: keep the log when the application adds its own.
        java.util.List<EventReporter> beans = reporters.orderedStream().toList();
        if (!beans.isEmpty()) {
            builder.addReporter(new LoggingReporter());
            beans.forEach(builder::addReporter);
        }
        return builder.build();
    }

    /** The application's {@code DataSource}: every connection a Poolguard lease. */
    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    public LeasedDataSource dataSource(Database poolguardDatabase) {
        return poolguardDatabase.dataSource();
    }

    @Bean
    public PoolguardLifecycle poolguardLifecycle(Database poolguardDatabase) {
        return new PoolguardLifecycle(poolguardDatabase);
    }

    @Bean
    @ConditionalOnClass(TransactionSynchronizationManager.class)
    @ConditionalOnMissingBean
    public TransactionLeaseNames poolguardTransactionLeaseNames(Database poolguardDatabase) {
        return new TransactionLeaseNames(poolguardDatabase);
    }

    /** The builder for these settings: everything Poolguard checks is checked there, naming the property. */
    static DatabaseBuilder builder(DataSourceProperties dataSource, PoolguardProperties p, String springApplicationName) {
        String url = dataSource.getUrl();
        if (url == null || url.isBlank()) {
            throw new InvalidConfigurationException("spring.datasource.url", "is not set; Poolguard needs the PostgreSQL URL"
                    + " (jdbc:postgresql://host:5432/db or postgres://...)");
        }
        DatabaseBuilder b = Database.builder().url(url);
        if (dataSource.getUsername() != null) {
            b.user(dataSource.getUsername());
        }
        if (dataSource.getPassword() != null) {
            b.password(dataSource.getPassword());
        }
        String applicationName = p.getApplicationName() != null ? p.getApplicationName() : springApplicationName;
        if (applicationName != null && !applicationName.isBlank()) {
            b.applicationName(applicationName.length() > 63 ? applicationName.substring(0, 63) : applicationName);
        }
        b.poolName(p.getPoolName()).maxPoolSize(p.getMaxPoolSize()).minIdle(p.getMinIdle())
                .connectionTimeout(p.getConnectionTimeout()).idleTimeout(p.getIdleTimeout()).maxLifetime(p.getMaxLifetime())
                .keepaliveTime(p.getKeepaliveTime()).socketTimeout(p.getSocketTimeout()).drainTimeout(p.getDrainTimeout())
                .leakThreshold(p.getLeakThreshold()).heldIdleThreshold(p.getHeldIdleThreshold()).reclaimAfter(p.getReclaimAfter())
                .verifyCommits(p.isVerifyCommits()).sqlComments(p.isSqlComments()).captureCallSites(p.isCaptureCallSites())
                .pooler(p.getPooler()).dataAccessPackages(p.getDataAccessPackages().toArray(new String[0]));
        p.getWorkloads().forEach(b::workloadLimit);
        b.queryGuard(queryGuard(p.getQueryGuard()));
        b.retry(RetryPolicy.builder().maxAttempts(p.getRetry().getMaxAttempts()).build());
        return b;
    }

    private static QueryGuard queryGuard(PoolguardProperties.QueryGuard g) {
        QueryGuard.Builder b = QueryGuard.builder().enabled(g.getMode() != PoolguardProperties.QueryGuard.Mode.OFF)
                .strict(g.getMode() == PoolguardProperties.QueryGuard.Mode.STRICT);
        try {
            b.rowBudget(g.getRowBudget()).nPlusOneThreshold(g.getNPlusOneThreshold()).slowQuery(g.getSlowQuery());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("poolguard.query-guard", e.getMessage());
        }
        g.getIgnore().forEach(b::ignore);
        return b.build();
    }
}
