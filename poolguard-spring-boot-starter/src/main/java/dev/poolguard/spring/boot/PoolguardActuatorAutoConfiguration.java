package dev.poolguard.spring.boot;

import dev.poolguard.Database;
import dev.poolguard.micrometer.PoolguardMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.jdbc.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator's side: the {@code db} health contributor replaced by {@link PoolguardHealthIndicator} (Spring's own is
 * skipped when a bean named {@code dbHealthContributor} exists), and {@link PoolguardMetrics} (OpenTelemetry
 * {@code db.client.connection.*} names and Poolguard's counters) bound to the application's registries.
 */
@AutoConfiguration(after = PoolguardAutoConfiguration.class, before = DataSourceHealthContributorAutoConfiguration.class,
        afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({HealthIndicator.class, Database.class})
@ConditionalOnBean(Database.class)
public class PoolguardActuatorAutoConfiguration {

    @Bean(name = "dbHealthContributor")
    @ConditionalOnEnabledHealthIndicator("db")
    @ConditionalOnMissingBean(name = "dbHealthContributor")
    public PoolguardHealthIndicator dbHealthContributor(Database poolguardDatabase) {
        return new PoolguardHealthIndicator(poolguardDatabase);
    }

    /** Micrometer binds {@code MeterBinder} beans to every registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, PoolguardMetrics.class})
    static class Metrics {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        PoolguardMetrics poolguardMetrics(Database poolguardDatabase) {
            return new PoolguardMetrics(poolguardDatabase);
        }
    }
}
