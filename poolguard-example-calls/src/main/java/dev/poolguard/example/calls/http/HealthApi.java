package dev.poolguard.example.calls.http;

import dev.poolguard.status.ConnectionCheck;
import dev.poolguard.Database;
import dev.poolguard.status.Health;
import dev.poolguard.status.PoolStatus;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /health}: {@code db.diagnostics().health()} as JSON, judged without borrowing from the pool it judges; HTTP 200 when
 * UP or DEGRADED (the service still answers), 503 when DOWN. Callers from another machine get the status only.
 */
public final class HealthApi {

    /** The JSON shape of {@link Health}. */
    public record HealthView(String status, List<String> reasons, PoolStatus pool, ProbeView probe, Instant checkedAt) {
    }

    /** The JSON shape of {@link ConnectionCheck}. */
    public record ProbeView(boolean ok, long roundTripMs, long connectMs, String serverVersion, String error) {
    }

    private final Database db;

    public HealthApi(Database db) {
        this.db = db;
    }

    /** What a caller from another machine gets: the verdict, not the pool, the reasons or the server's version. */
    public record BriefHealth(String status) {
    }

    public void get(Context ctx) {
        Health health = db.diagnostics().health();
        if (!RequestGuard.isLoopback(ctx.ip())) {
            ctx.status(health.status() == Health.Status.DOWN ? 503 : 200).json(new BriefHealth(health.status().name()));
            return;
        }
        ConnectionCheck p = health.probe();
        ProbeView probe = p == null ? null
                : new ProbeView(p.ok(), p.roundTrip().toMillis(), p.connectTime().toMillis(), p.serverVersion(), p.error());
        ctx.status(health.status() == Health.Status.DOWN ? 503 : 200)
                .json(new HealthView(health.status().name(), health.reasons(), health.pool(), probe, health.checkedAt()));
    }
}
