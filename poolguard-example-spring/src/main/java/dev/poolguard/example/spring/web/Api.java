package dev.poolguard.example.spring.web;

import dev.poolguard.example.spring.customers.CustomerService;
import dev.poolguard.example.spring.orders.OrderService;
import dev.poolguard.example.spring.reports.ReportService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The service's HTTP API. */
@RestController
public class Api {

    private final CustomerService customers;
    private final OrderService orders;
    private final ReportService reports;

    public Api(CustomerService customers, OrderService orders, ReportService reports) {
        this.customers = customers;
        this.orders = orders;
        this.reports = reports;
    }

    @PostMapping("/customers")
    public Map<String, Object> createCustomer(@RequestParam("name") String name) {
        return Map.of("id", customers.create(name).getId());
    }

    @GetMapping("/customers/order-counts")
    public Map<String, Integer> orderCounts() {
        return customers.orderCounts();
    }

    @PostMapping("/orders")
    public Map<String, Object> placeOrder(@RequestParam("customerId") long customerId, @RequestParam("total") BigDecimal total) {
        return Map.of("id", orders.place(customerId, total));
    }

    @GetMapping("/orders/with-customers")
    public List<String> ordersWithCustomers() {
        return orders.ordersWithCustomerNames();
    }

    @GetMapping("/reports/revenue")
    public Map<String, Object> revenue(@RequestParam(name = "slowSeconds", defaultValue = "0") double slowSeconds) {
        return Map.of("revenue", reports.monthlyRevenue(slowSeconds));
    }
}
