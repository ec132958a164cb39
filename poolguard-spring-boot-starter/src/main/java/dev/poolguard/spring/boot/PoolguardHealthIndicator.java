package dev.poolguard.spring.boot;

import dev.poolguard.Database;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code db} health contributor, in place of Spring's {@code DataSourceHealthIndicator}: that one borrows a pool
 * connection and, on an exhausted pool, waits the whole connection timeout. This one reads {@link Database#health()},
 * which never borrows (its probe has a connection of its own, cached for 10 s). DOWN is DOWN; DEGRADED (saturated,
 * callers waiting, a pooler refusing clients) is reported UP with the reasons, so an orchestrator does not restart an
 * instance whose pool is merely busy.
 */
public class PoolguardHealthIndicator implements HealthIndicator {

    private final Database db;

    public PoolguardHealthIndicator(Database db) {
        this.db = db;
    }

    @Override
    public Health health() {
        dev.poolguard.status.Health h = db.diagnostics().health();
        Health.Builder b = h.status() == dev.poolguard.status.Health.Status.DOWN ? Health.down() : Health.up();
        b.withDetail("poolguard", h.status().name()).withDetail("pool", h.pool().toString());
        if (!h.reasons().isEmpty()) {
            b.withDetail("reasons", h.reasons());
        }
        if (h.probe() != null) {
            b.withDetail("probe", h.probe().toString());
        }
        return b.build();
    }
}
