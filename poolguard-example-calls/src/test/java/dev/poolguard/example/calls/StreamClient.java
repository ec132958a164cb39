package dev.poolguard.example.calls;

import dev.poolguard.example.calls.webhooks.TwilioSignature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) in the provider's seat: signs the upgrade as Twilio does, sends text or binary
 * frames one at a time, and records what the service sends back and how it closed the socket.
 */
final class StreamClient implements WebSocket.Listener, AutoCloseable {

    record Closed(int code, String reason) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final List<String> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private StreamClient(URI url, String signature) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (signature != null) {
            b.header(TwilioSignature.HEADER, signature);
        }
        this.socket = b.buildAsync(url, this).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects to {@code url} with the signature Twilio would send for it. */
    static StreamClient connect(URI url) {
        return new StreamClient(url, TwilioSignature.sign(Harness.TOKEN, url.toString(), Map.of()));
    }

    static StreamClient connectSigned(URI url, String signature) {
        return new StreamClient(url, signature);
    }

    StreamClient send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    StreamClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** How the service closed the socket, waiting up to 10 s. */
    Closed awaitClose() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done");
        }
        socket.abort();
    }
}
