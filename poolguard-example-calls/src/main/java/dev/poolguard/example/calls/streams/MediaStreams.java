package dev.poolguard.example.calls.streams;

import dev.poolguard.example.calls.calls.Turn;
import dev.poolguard.example.calls.http.ApiException;
import dev.poolguard.example.calls.http.Problem;
import dev.poolguard.example.calls.webhooks.TwilioSignature;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.eclipse.jetty.websocket.api.exceptions.WebSocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * {@code ws(s)://.../streams/twilio}: Twilio Media Streams, bidirectional ({@code <Connect><Stream>}). The upgrade
 * request must carry a valid {@code X-Twilio-Signature} over the stream URL (403, no socket, otherwise). On
 * {@code start} the call is found by its indexed call_sid and the stream recorded (a call unknown, never dialed, over
 * or already streamed closes the socket with 1008 and the reason, and nothing is stored); each caller frame goes to
 * the stream's {@link VoiceAgent}, whose answers go back as {@code media} and {@code mark} (and {@code clear} on a
 * barge-in); turns are written in batches of {@value #TURN_BATCH}; {@code stop} writes the rest and ends the stream.
 *
 * <p>Database work happens only at those edges, on the thread that received the message, and never while waiting
 * on the socket: sends are asynchronous, and between messages a stream holds no connection and no thread. Bad input
 * is counted ({@link #stats()}, in {@code /stats}) and ends the stream with a close code that says why: malformed
 * JSON 1007, a binary frame 1003, media before {@code start} or a second {@code start} 1008, a message over the limit
 * 1009 (Jetty), a socket silent for the idle timeout 1001 (Jetty). Unknown events are counted and ignored.
 */
public final class MediaStreams {

    public static final String PATH = "/streams/twilio";
    /** The {@code <Parameter>} carrying the service's call id, for a {@code start} that beats the dialer's write. */
    public static final String CALL_ID_PARAMETER = "callId";
    /** Turns written per transaction while the stream runs; the rest at the end. */
    static final int TURN_BATCH = 10;

    private static final Logger log = LoggerFactory.getLogger(MediaStreams.class);
    private static final Pattern CALL_SID = Pattern.compile("CA[0-9a-f]{32}");
    private static final Pattern STREAM_SID = Pattern.compile("MZ[0-9a-f]{32}");
    private static final int CLOSE_NORMAL = 1000;
    private static final int CLOSE_UNSUPPORTED_DATA = 1003;
    private static final int CLOSE_INVALID_PAYLOAD = 1007;
    private static final int CLOSE_POLICY = 1008;
    private static final int CLOSE_SERVER_ERROR = 1011;
    /** A close reason is at most 123 bytes of UTF-8 (RFC 6455). */
    private static final int MAX_REASON_BYTES = 123;

    private final StreamStore store;
    private final StreamMessages messages;
    private final String authToken;
    private final URI publicStreamUrl;
    private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();
    private final Counters counters = new Counters();

    /**
     * @param publicStreamUrl the stream URL the provider was given and signs (from {@code CALLS_PUBLIC_URL}); null to
     *                        check signatures over each request's own URL
     */
    public MediaStreams(StreamStore store, StreamMessages messages, String authToken, URI publicStreamUrl) {
        this.store = store;
        this.messages = messages;
        this.authToken = authToken;
        this.publicStreamUrl = publicStreamUrl;
    }

    /** {@code ws://host:port/streams/twilio} (or {@code wss://} for https) for a service base URL. */
    public static URI streamUrl(URI base) {
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + base.toString().substring(base.getScheme().length()) + PATH);
    }

    public void wire(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, this::checkSignature);
        routes.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                counters.connected.increment();
                sessions.put(ctx.sessionId(), new StreamSession(ctx.session));
            });
            ws.onMessage(ctx -> session(ctx).onText(ctx.message()));
            ws.onBinaryMessage(ctx -> session(ctx).onBinary());
            ws.onError(ctx -> session(ctx).onError(ctx.error()));
            ws.onClose(ctx -> {
                StreamSession s = sessions.remove(ctx.sessionId());
                if (s != null) {
                    s.onClose(ctx.status(), ctx.reason());
                }
            });
        });
    }

    private StreamSession session(WsContext ctx) {
        StreamSession s = sessions.get(ctx.sessionId());
        if (s == null) {
            throw new IllegalStateException("no stream session " + ctx.sessionId());
        }
        return s;
    }

    private void checkSignature(Context ctx) {
        String url = publicStreamUrl != null ? publicStreamUrl.toString() : "ws" + ctx.fullUrl().substring("http".length());
        String signature = ctx.header(TwilioSignature.HEADER);
        if (!TwilioSignature.valid(authToken, url, Map.of(), signature)) {
            counters.badSignature.increment();
            throw new ApiException(403, "invalid-signature", "invalid stream signature", List.of(new Problem.Detail(
                    TwilioSignature.HEADER, signature == null ? "is missing"
                    : "does not match; check the auth token and that " + url + " is the stream URL the provider was given")));
        }
    }

    /** What {@code /stats} shows under {@code streams}. */
    public StreamStats stats() {
        Counters c = counters;
        long starts = c.started.sum();
        long timed = c.startsTimed.sum();
        return new StreamStats(c.connected.sum(), sessions.size(), starts, c.completed.sum(), c.conversations.sum(),
                c.refused.sum(), new StreamStats.BadInput(c.malformed.sum(), c.unknownEvents.sum(), c.binary.sum(),
                c.beforeStart.sum(), c.secondStart.sum(), c.oversize.sum(), c.silent.sum(), c.badSignature.sum()),
                new StreamStats.Failures(c.closedWithoutStop.sum(), c.startFailures.sum(), c.storeFailures.sum(), c.sendFailures.sum()),
                c.framesIn.sum(), c.framesOut.sum(), c.turns.sum(), c.transactions.sum(),
                timed == 0 ? 0 : c.startNanos.sum() / timed / 1000, c.startNanosMax.get() / 1000);
    }

    /** Streams open now. */
    public int active() {
        return sessions.size();
    }

    private enum State { AWAITING_START, STREAMING, ENDED }

    /** One socket. Jetty delivers its messages one at a time; the lock orders them with close and error callbacks. */
    private final class StreamSession {
        private final Session socket;
        private State state = State.AWAITING_START;
        private StreamMessages.Start start;
        private long streamId;
        private VoiceAgent agent;
        private final List<Turn> unwritten = new ArrayList<>();
        private String failure; // why the socket is about to close, from onError or our own close

        StreamSession(Session socket) {
            this.socket = socket;
        }

        synchronized void onText(String text) {
            if (state == State.ENDED) {
                return;
            }
            StreamMessages.Inbound message;
            try {
                message = messages.parseInbound(text);
            } catch (StreamMessages.MalformedMessageException e) {
                counters.malformed.increment();
                end("protocol-error", CLOSE_INVALID_PAYLOAD, "malformed message: " + e.getMessage());
                return;
            }
            if (message instanceof StreamMessages.Start s) {
                onStart(s);
            } else if (message instanceof StreamMessages.Media m) {
                if (started("media", m.streamSid())) {
                    send(agent.onMedia(m.timestamp(), m.payload()));
                    writeIfBatchFull();
                }
            } else if (message instanceof StreamMessages.Dtmf d) {
                if (started("dtmf", d.streamSid())) {
                    send(agent.onDtmf(d.digit()));
                    writeIfBatchFull();
                }
            } else if (message instanceof StreamMessages.Mark m) {
                started("mark", m.streamSid()); // the echo of a mark we sent: its audio has played or was cleared
            } else if (message instanceof StreamMessages.Stop s) {
                if (started("stop", s.streamSid())) {
                    boolean conversation = agent.answered();
                    if (finish("stop", conversation)) {
                        counters.completed.increment();
                        if (conversation) {
                            counters.conversations.increment();
                        }
                    }
                    state = State.ENDED;
                    close(CLOSE_NORMAL, "stop");
                }
            } else if (message instanceof StreamMessages.Unknown u) {
                counters.unknownEvents.increment();
                log.debug("stream {}: ignored unknown event '{}'", streamSid(), u.event());
            }
            // connected: nothing to do; it only names the protocol
        }

        private void onStart(StreamMessages.Start s) {
            if (state == State.STREAMING) {
                counters.secondStart.increment();
                end("protocol-error", CLOSE_POLICY, "second start on stream " + start.streamSid());
                return;
            }
            if (!CALL_SID.matcher(s.callSid()).matches() || !STREAM_SID.matcher(s.streamSid()).matches()) {
                counters.malformed.increment();
                end("protocol-error", CLOSE_INVALID_PAYLOAD, "start: callSid must be CA and streamSid MZ, each with 32 hex digits");
                return;
            }
            if (!StreamMessages.MediaFormat.TWILIO.equals(s.mediaFormat())) {
                counters.malformed.increment();
                end("protocol-error", CLOSE_UNSUPPORTED_DATA, "start: mediaFormat must be audio/x-mulaw, 8000 Hz, 1 channel");
                return;
            }
            Long callId = null;
            String rawCallId = s.customParameters().get(CALL_ID_PARAMETER);
            if (rawCallId != null) {
                try {
                    callId = Long.parseLong(rawCallId);
                } catch (NumberFormatException e) {
                    counters.malformed.increment();
                    end("protocol-error", CLOSE_INVALID_PAYLOAD, "start: customParameters.callId must be a call id");
                    return;
                }
            }
            StreamStore.Begin begin;
            long t0 = System.nanoTime();
            try {
                counters.transactions.increment();
                begin = store.begin(s.callSid(), callId, s.streamSid());
            } catch (RuntimeException e) {
                counters.startFailures.increment();
                log.warn("stream {} for call {} could not start: {}", s.streamSid(), s.callSid(), e.toString());
                end("store-failed", CLOSE_SERVER_ERROR, "the service could not record the stream; nothing was stored");
                return;
            } finally {
                long took = System.nanoTime() - t0;
                counters.startsTimed.increment();
                counters.startNanos.add(took);
                counters.startNanosMax.accumulateAndGet(took, Math::max);
            }
            if (!begin.isStarted()) {
                counters.refused.increment();
                log.info("stream {} refused: {}", s.streamSid(), begin.reason());
                end(null, CLOSE_POLICY, begin.reason() + "; nothing was stored");
                return;
            }
            start = s;
            streamId = begin.streamId();
            agent = new VoiceAgent(s.streamSid());
            state = State.STREAMING;
            counters.started.increment();
        }

        /** True when the stream has started and the message is for it; otherwise ends the stream and says why. */
        private boolean started(String event, String streamSid) {
            if (state != State.STREAMING) {
                counters.beforeStart.increment();
                end(null, CLOSE_POLICY, event + " before start");
                return false;
            }
            if (!start.streamSid().equals(streamSid)) {
                counters.malformed.increment();
                end("protocol-error", CLOSE_POLICY, event + " for stream " + abbreviate(streamSid) + " on stream " + start.streamSid());
                return false;
            }
            return true;
        }

        private void send(List<StreamMessages.Outbound> out) {
            for (StreamMessages.Outbound m : out) {
                socket.sendText(messages.render(m), Callback.from(() -> { }, failed -> counters.sendFailures.increment()));
            }
        }

        private void writeIfBatchFull() {
            if (unwritten.size() + agent.finishedTurns() < TURN_BATCH) {
                return;
            }
            unwritten.addAll(agent.takeFinishedTurns());
            try {
                counters.transactions.increment();
                store.write(streamId, unwritten, agent.framesIn(), agent.framesOut(), agent.turns());
                counters.turns.add(unwritten.size());
                unwritten.clear();
            } catch (RuntimeException e) {
                // kept for the next batch or the end; the conversation goes on meanwhile
                counters.storeFailures.increment();
                log.warn("stream {}: {} turns not written yet: {}", start.streamSid(), unwritten.size(), e.toString());
            }
        }

        /** Writes what is left and ends the stream row; false when that failed (counted). */
        private boolean finish(String reason, boolean conversation) {
            unwritten.addAll(agent.takeAllTurns());
            counters.framesIn.add(agent.framesIn());
            counters.framesOut.add(agent.framesOut());
            try {
                counters.transactions.increment();
                store.finish(streamId, unwritten, agent.framesIn(), agent.framesOut(), agent.turns(), reason, conversation);
                counters.turns.add(unwritten.size());
                unwritten.clear();
                return true;
            } catch (RuntimeException e) {
                counters.storeFailures.increment();
                log.warn("stream {}: could not record its end ({}, {} turns lost): {}", start.streamSid(), reason,
                        unwritten.size(), e.toString());
                return false;
            }
        }

        /** Ends the stream (its row too, when it had started) and closes the socket with the reason. */
        private void end(String rowReason, int code, String reason) {
            if (state == State.STREAMING && rowReason != null) {
                finish(rowReason, false);
                counters.closedWithoutStop.increment();
            }
            state = State.ENDED;
            failure = reason;
            close(code, reason);
        }

        private void close(int code, String reason) {
            socket.close(code, truncate(reason), Callback.NOOP);
        }

        synchronized void onBinary() {
            if (state == State.ENDED) {
                return;
            }
            counters.binary.increment();
            end("protocol-error", CLOSE_UNSUPPORTED_DATA, "binary frames are not part of the Media Streams protocol; send JSON text");
        }

        synchronized void onError(Throwable error) {
            if (error instanceof MessageTooLargeException) {
                counters.oversize.increment();
                failure = "oversize";
            } else if (error instanceof WebSocketTimeoutException) {
                counters.silent.increment();
                failure = "silent";
            } else {
                failure = "error";
                log.debug("stream {}: {}", streamSid(), error.toString());
            }
        }

        /** The socket is gone: a stream that never got its stop is ended here, with the reason it closed. */
        synchronized void onClose(int status, String reason) {
            if (state != State.STREAMING) {
                state = State.ENDED;
                return;
            }
            state = State.ENDED;
            String why = "silent".equals(failure) || "oversize".equals(failure) ? failure
                    : status == 1001 ? "shutdown" : "closed";
            finish(why, false);
            counters.closedWithoutStop.increment();
            log.info("stream {} of call {} closed without stop ({} {}): recorded as {}", start.streamSid(), start.callSid(),
                    status, reason, why);
        }

        private String streamSid() {
            return start == null ? "(not started)" : start.streamSid();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = new String(bytes, 0, MAX_REASON_BYTES - 3, StandardCharsets.UTF_8);
        return cut.substring(0, cut.length() - 1) + "...";
    }

    private static final class Counters {
        final LongAdder connected = new LongAdder();
        final LongAdder started = new LongAdder();
        final LongAdder completed = new LongAdder();
        final LongAdder conversations = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder malformed = new LongAdder();
        final LongAdder unknownEvents = new LongAdder();
        final LongAdder binary = new LongAdder();
        final LongAdder beforeStart = new LongAdder();
        final LongAdder secondStart = new LongAdder();
        final LongAdder oversize = new LongAdder();
        final LongAdder silent = new LongAdder();
        final LongAdder badSignature = new LongAdder();
        final LongAdder closedWithoutStop = new LongAdder();
        final LongAdder startFailures = new LongAdder();
        final LongAdder storeFailures = new LongAdder();
        final LongAdder sendFailures = new LongAdder();
        final LongAdder framesIn = new LongAdder();
        final LongAdder framesOut = new LongAdder();
        final LongAdder turns = new LongAdder();
        final LongAdder transactions = new LongAdder();
        final LongAdder startNanos = new LongAdder();
        final LongAdder startsTimed = new LongAdder();
        final AtomicLong startNanosMax = new AtomicLong();
    }
}
