package dev.poolguard.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot service on Poolguard: customers through a JPA repository (Hibernate), orders through
 * {@code JdbcClient} in {@code @Transactional} services, Actuator. Its only Poolguard-specific line is the starter
 * dependency; the rest is what any Spring Boot service looks like, mistakes included ({@code orders.OrderService#ordersWithCustomerNames}
 * and {@code customers.CustomerService#orderCounts} are N+1s; the tests add an endpoint that leaks a connection) so the
 * tests can show what Poolguard says.
 */
@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
