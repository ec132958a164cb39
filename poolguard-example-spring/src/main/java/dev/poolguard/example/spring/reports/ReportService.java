package dev.poolguard.example.spring.reports;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;

/** A slow report: a transaction that holds its connection for the whole of a long query. */
@Service
public class ReportService {

    private final JdbcClient jdbc;

    public ReportService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Revenue, computed slowly ({@code pg_sleep} stands in for a scan of a large table). */
    @Transactional(readOnly = true)
    public BigDecimal monthlyRevenue(double slowSeconds) {
        jdbc.sql("select pg_sleep(?)").param(slowSeconds).query((rs, n) -> 0).list();
        return jdbc.sql("select coalesce(sum(total), 0) from purchase_orders").query(BigDecimal.class).single();
    }
}
