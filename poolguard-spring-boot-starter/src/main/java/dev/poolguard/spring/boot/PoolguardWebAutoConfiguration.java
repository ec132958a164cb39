package dev.poolguard.spring.boot;

import dev.poolguard.Database;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** One unit of work per servlet request, so N+1 detection counts a request's statements together. */
@AutoConfiguration(after = PoolguardAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
@ConditionalOnBean(Database.class)
@ConditionalOnProperty(prefix = "poolguard.web", name = "unit-of-work", matchIfMissing = true)
public class PoolguardWebAutoConfiguration {

    @Bean
    public FilterRegistrationBean<RequestUnitOfWorkFilter> poolguardRequestUnitOfWork(Database poolguardDatabase) {
        FilterRegistrationBean<RequestUnitOfWorkFilter> registration =
                new FilterRegistrationBean<>(new RequestUnitOfWorkFilter(poolguardDatabase));
        registration.setName("poolguardRequestUnitOfWork");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }
}
