package dev.poolguard.example.calls.calls;

import dev.poolguard.example.calls.http.ApiException;
import io.javalin.http.Context;

import java.util.List;

/** {@code GET /calls/{callSid}} (with its stream) and {@code GET /calls/{callSid}/transcript}: indexed lookups. */
public final class CallApi {

    private final CallStore calls;

    public CallApi(CallStore calls) {
        this.calls = calls;
    }

    public void get(Context ctx) {
        ctx.json(find(ctx));
    }

    public void transcript(Context ctx) {
        CallDetail detail = find(ctx);
        CallDetail.Stream stream = detail.stream();
        ctx.json(new Transcript(detail.call().callSid(), stream == null ? null : stream.streamSid(),
                stream == null ? List.of() : calls.turns(stream.id(), Turn.MAX_PER_STREAM)));
    }

    private CallDetail find(Context ctx) {
        String sid = ctx.pathParam("callSid");
        return calls.detail(sid).orElseThrow(() -> ApiException.notFound("call " + sid));
    }
}
