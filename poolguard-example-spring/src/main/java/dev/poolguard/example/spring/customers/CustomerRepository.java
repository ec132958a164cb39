package dev.poolguard.example.spring.customers;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data JPA: Hibernate underneath, Poolguard's leased DataSource under that. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {
}
