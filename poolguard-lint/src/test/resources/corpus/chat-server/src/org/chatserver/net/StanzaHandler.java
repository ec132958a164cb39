package org.chatserver.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;

/** Netty event loops log a task that throws ("A task raised an exception"): execute there is observed. */
public class StanzaHandler extends ChannelInboundHandlerAdapter {

    private final PacketRouter router;
    private final EventExecutor executor;

    public StanzaHandler(PacketRouter router, EventExecutor executor) {
        this.router = router;
        this.executor = executor;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.executor().execute(() -> router.route(ctx.channel(), msg)); // ok: Netty logs it
        ctx.channel().eventLoop().execute(() -> router.route(ctx.channel(), msg)); // ok: Netty logs it
        executor.execute(this::flushPending); // ok: Netty logs it
        ctx.channel().eventLoop().submit(() -> router.route(ctx.channel(), msg)); // expect: fire-and-forget
    }

    private void flushPending() {
        router.flush();
    }
}
