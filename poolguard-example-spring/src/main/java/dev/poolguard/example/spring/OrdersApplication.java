package dev.poolguard.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot service on Poolguard: customers through a JPA repository (Hibernate), orders through
 * {@code JdbcClient} in {@code @Transactional} services, Actuator. Its only Poolguard-specific line is the starter
 * dependency; the rest is what any Spring Boot service looks like, mistakes included ({@code web.DebugController} leaks
 * a connection, {@code orders.OrderService#ordersWithCustomerNames} is an N+1) so the tests can show what Poolguard says.
 */
@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
