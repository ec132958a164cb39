package dev.poolguard.example.calls.calls;

import dev.poolguard.example.calls.http.ApiException;
import io.javalin.http.Context;

/** {@code GET /calls/{callSid}}: one indexed lookup. */
public final class CallApi {

    private final CallStore calls;

    public CallApi(CallStore calls) {
        this.calls = calls;
    }

    public void get(Context ctx) {
        String sid = ctx.pathParam("callSid");
        ctx.json(calls.bySid(sid).orElseThrow(() -> ApiException.notFound("call " + sid)));
    }
}
