package dev.poolguard.example.calls.http;

import dev.poolguard.Database;
import dev.poolguard.example.calls.calls.CallApi;
import dev.poolguard.example.calls.campaigns.CampaignApi;
import dev.poolguard.example.calls.streams.MediaStreams;
import dev.poolguard.example.calls.users.UserApi;
import dev.poolguard.example.calls.webhooks.StatusWebhooks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

import java.util.List;
import java.util.function.Consumer;

/**
 * Every route of the service, in one function. Mounts (a {@code /metrics} scrape, the Poolguard dashboard at
 * {@code /poolguard}) are added by the caller as {@code Consumer<RoutesConfig>}s and wired after these, with the same
 * error mapping and per-request unit of work.
 */
public final class Routes {

    /** The handlers {@link #wire} connects. */
    public record Handlers(UserApi users, CampaignApi campaigns, CallApi calls, StatusWebhooks webhooks, MediaStreams streams,
                           HealthApi health, Handler stats) {
    }

    private Routes() {
    }

    public static void wire(RoutesConfig routes, Database db, Handlers h, RequestGuard guard, long maxBodyBytes,
                            List<Consumer<RoutesConfig>> mounts) {
        ErrorMapping.install(routes, maxBodyBytes);
        guard.install(routes);
        RequestUnitOfWork.install(routes, db);

        routes.post("/users", h.users()::create);
        routes.get("/users/{id}", h.users()::get);
        routes.get("/users/{id}/active-calls", h.users()::activeCalls);

        routes.post("/campaigns", h.campaigns()::create);
        routes.get("/campaigns/{id}", h.campaigns()::get);
        routes.post("/campaigns/{id}/leads", h.campaigns()::addLeads);
        routes.post("/campaigns/{id}/start", h.campaigns()::start);
        routes.post("/campaigns/{id}/schedule", h.campaigns()::schedule);
        routes.get("/campaigns/{id}/calls", h.campaigns()::calls);
        routes.get("/campaigns/{id}/summary", h.campaigns()::summary);

        routes.get("/calls/{callSid}", h.calls()::get);
        routes.get("/calls/{callSid}/transcript", h.calls()::transcript);

        routes.post(StatusWebhooks.PATH, h.webhooks()::handle);
        h.streams().wire(routes);

        routes.get("/health", h.health()::get);
        routes.get("/stats", h.stats());

        mounts.forEach(mount -> mount.accept(routes));
    }
}
