package dev.poolguard.example.calls.users;

import dev.poolguard.example.calls.calls.CallStore;
import dev.poolguard.example.calls.http.ApiException;
import dev.poolguard.example.calls.http.Fields;
import dev.poolguard.example.calls.http.Requests;
import io.javalin.http.Context;

/** {@code POST /users}, {@code GET /users/{id}}, {@code GET /users/{id}/active-calls}. */
public final class UserApi {

    /** Request body of {@code POST /users}. */
    public record NewUser(String email, String name, Integer maxConcurrentCalls) {
    }

    private final UserStore users;
    private final CallStore calls;
    private final Requests requests;

    public UserApi(UserStore users, CallStore calls, Requests requests) {
        this.users = users;
        this.calls = calls;
        this.requests = requests;
    }

    public void create(Context ctx) {
        NewUser body = requests.body(ctx, NewUser.class);
        Fields f = new Fields();
        String email = f.email("email", body.email());
        String name = f.text("name", body.name(), 1, 200);
        int max = f.range("maxConcurrentCalls", body.maxConcurrentCalls(), 5, 1, 1000);
        f.throwIfInvalid();
        ctx.status(201).json(users.create(email, name, max));
    }

    public void get(Context ctx) {
        long id = Requests.id(ctx, "id", "user");
        ctx.json(users.find(id).orElseThrow(() -> ApiException.notFound("user " + id)));
    }

    /** The user's calls holding a concurrency slot now; bounded by the user's limit (at most 1,000). */
    public void activeCalls(Context ctx) {
        long id = Requests.id(ctx, "id", "user");
        User user = users.find(id).orElseThrow(() -> ApiException.notFound("user " + id));
        ctx.json(calls.activeForUser(user.id(), 1000));
    }
}
