package dev.poolguard.example.calls.http;

import dev.poolguard.Database;
import dev.poolguard.dashboard.DashboardHandler;
import dev.poolguard.dashboard.DashboardResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Poolguard's own views of the service: the live dashboard at {@value #DASHBOARD} and the Prometheus scrape (the
 * dashboard's registry, with {@code PoolguardMetrics} bound) at {@value #METRICS}. Both come from one
 * {@link DashboardHandler}, which checks the access token when one is configured.
 */
public final class PoolguardMount implements AutoCloseable {

    public static final String DASHBOARD = "/poolguard";
    public static final String METRICS = "/metrics";

    private final DashboardHandler dashboard;

    /** @param accessToken required on every request to both mounts, or null to leave them open (loopback only) */
    public PoolguardMount(Database db, String accessToken) {
        DashboardHandler.Builder b = DashboardHandler.builder(db).mountPath(DASHBOARD); // the access cookie stays below it
        if (accessToken != null) {
            b.accessToken(accessToken);
        }
        this.dashboard = b.build();
    }

    public void wire(RoutesConfig routes) {
        routes.get(DASHBOARD, ctx -> answer(ctx, ""));
        routes.get(DASHBOARD + "/<path>", ctx -> answer(ctx, ctx.path().substring(DASHBOARD.length())));
        routes.get(METRICS, ctx -> answer(ctx, METRICS));
    }

    private void answer(Context ctx, String path) {
        DashboardResponse r = dashboard.handle(ctx.req().getMethod(), path, ctx.queryString(), ctx.headerMap());
        r.headers().forEach(ctx::header);
        ctx.status(r.status()).contentType(r.contentType()).result(r.body());
    }

    @Override
    public void close() {
        dashboard.close();
    }
}
