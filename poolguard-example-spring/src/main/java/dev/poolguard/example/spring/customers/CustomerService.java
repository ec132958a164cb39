package dev.poolguard.example.spring.customers;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.LinkedHashMap;
import java.util.Map;

/** Customers through JPA. */
@Service
public class CustomerService {

    private final CustomerRepository customers;

    public CustomerService(CustomerRepository customers) {
        this.customers = customers;
    }

    @Transactional
    public Customer create(String name) {
        return customers.save(new Customer(name));
    }

    /**
     * Orders per customer, written the way JPA makes easy and wrong: touching each customer's lazy collection runs one
     * query per customer (an N+1). Poolguard reports it with this method as its call site.
     */
    @Transactional(readOnly = true)
    public Map<String, Integer> orderCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Customer c : customers.findAll()) {
            counts.put(c.getName(), c.getOrders().size());
        }
        return counts;
    }
}
