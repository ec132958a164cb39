package dev.poolguard.example.calls.http;

import dev.poolguard.Database;
import dev.poolguard.guard.UnitOfWork;
import io.javalin.config.RoutesConfig;

/**
 * Each HTTP request is one Poolguard unit of work, so the query guard catches an N+1 inside one request: the
 * before-handler opens {@code db.unitOfWork("GET /campaigns/{id}")} (the route, not the concrete path, so repeats
 * group), the after-handler closes it; Javalin runs after-handlers even when the request failed.
 */
public final class RequestUnitOfWork {

    private static final String ATTRIBUTE = "poolguard.unitOfWork";

    private RequestUnitOfWork() {
    }

    public static void install(RoutesConfig routes, Database db) {
        routes.beforeMatched(ctx -> {
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            ctx.attribute(ATTRIBUTE, db.unitOfWork(ctx.method() + " " + (endpoint == null ? ctx.path() : endpoint.path)));
        });
        routes.after(ctx -> {
            UnitOfWork unit = ctx.attribute(ATTRIBUTE);
            if (unit != null) {
                unit.close();
            }
        });
    }
}
