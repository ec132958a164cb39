package dev.poolguard.spring.boot;

import dev.poolguard.Database;
import dev.poolguard.dashboard.DashboardHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The dashboard on the management side: at {@code {management.endpoints.web.base-path}/poolguard/} (by default
 * {@code /actuator/poolguard/}), on the management port when it has one of its own. Its {@code /metrics} is the
 * application's Prometheus registry when there is one. Set {@code poolguard.dashboard.access-token} unless the management
 * side is already protected. (No {@code @ConditionalOnBean}: management configurations are imported before the
 * application's auto-configurations have registered their beans, so such a condition would never match.)
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DashboardHandler.class, ServletRegistrationBean.class})
@ConditionalOnProperty(prefix = "poolguard.dashboard", name = "enabled", matchIfMissing = true)
public class PoolguardManagementContextConfiguration {

    /** Where the dashboard is mounted below the management base path. */
    public static final String PATH = "/poolguard";

    @Bean(destroyMethod = "close")
    public DashboardHandler poolguardDashboardHandler(Database poolguardDatabase, PoolguardProperties properties,
                                                      ObjectProvider<PrometheusMeterRegistry> prometheus) {
        DashboardHandler.Builder b = DashboardHandler.builder(poolguardDatabase);
        String token = properties.getDashboard().getAccessToken();
        if (token != null && !token.isEmpty()) {
            b.accessToken(token);
        }
        PrometheusMeterRegistry registry = prometheus.getIfAvailable();
        if (registry != null) {
            b.metrics(registry::scrape);
        }
        return b.build();
    }

    @Bean
    public ServletRegistrationBean<DashboardServlet> poolguardDashboard(DashboardHandler poolguardDashboardHandler,
                                                                         ObjectProvider<WebEndpointProperties> endpoints) {
        WebEndpointProperties web = endpoints.getIfAvailable(WebEndpointProperties::new);
        String base = web.getBasePath() == null ? "" : web.getBasePath();
        ServletRegistrationBean<DashboardServlet> registration =
                new ServletRegistrationBean<>(new DashboardServlet(poolguardDashboardHandler), base + PATH + "/*");
        registration.setName("poolguardDashboard");
        return registration;
    }
}
