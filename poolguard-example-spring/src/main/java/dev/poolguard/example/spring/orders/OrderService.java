package dev.poolguard.example.spring.orders;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Orders through {@code JdbcClient}. */
@Service
public class OrderService {

    private final JdbcClient jdbc;

    public OrderService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One transaction, one Poolguard lease named {@code ...OrderService.place}. */
    @Transactional
    public long place(long customerId, BigDecimal total) {
        jdbc.sql("select id from customers where id = ? for update").param(customerId).query(Long.class).single();
        return jdbc.sql("insert into purchase_orders (customer_id, total) values (?, ?) returning id")
                .params(customerId, total).query(Long.class).single();
    }

    /** Each order's customer name, one query per order (an N+1 across the request's borrows). */
    public List<String> ordersWithCustomerNames() {
        List<String> out = new ArrayList<>();
        List<long[]> orders = jdbc.sql("select id, customer_id from purchase_orders order by id limit 100")
                .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}).list();
        for (long[] order : orders) {
            String name = jdbc.sql("select name from customers where id = ?").param(order[1]).query(String.class).single();
            out.add(order[0] + ":" + name);
        }
        return out;
    }
}
