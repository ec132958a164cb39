package dev.poolguard.example.calls.telephony;

import dev.poolguard.example.calls.streams.Audio;
import dev.poolguard.example.calls.streams.StreamMessages;
import dev.poolguard.example.calls.webhooks.TwilioSignature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The provider's side of one answered call's Media Stream, as Twilio plays it: it opens the WebSocket (the upgrade
 * signed with {@code X-Twilio-Signature}), sends {@code connected} and {@code start}, then the caller's audio in 20 ms
 * {@code media} frames (paced by the {@link Pacer}) with a {@code dtmf} when the caller presses a key, and at hang-up
 * {@code stop}. What the service sends back is "played": its audio frames leave the playback buffer one per caller
 * frame, a {@code mark} is echoed once the audio before it has played, and {@code clear} empties the buffer and echoes
 * the marks in it at once, as Twilio documents.
 *
 * <p>No thread is held per stream: sends are chained on the WebSocket's futures (one outstanding at a time, as
 * {@link WebSocket} requires) and the next frame is scheduled on the provider's timer when the previous is on the
 * wire. {@link #done()} completes when the socket has closed, with null or the reason the stream failed.
 */
final class SimulatedStream implements WebSocket.Listener {

    private final StreamMessages messages;
    private final URI url;
    private final String authToken;
    private final StreamMessages.Start start;
    private final CallerScript script;
    private final Pacer pacer;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<String> done = new CompletableFuture<>();
    private final Deque<String> outgoing = new ArrayDeque<>();
    private final Deque<Object> playback = new ArrayDeque<>(); // byte[] frames and String mark names
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private boolean sending;
    private boolean stopSent;
    private boolean tickScheduled;
    private boolean closeSent;
    private int nextFrame;
    private long sequence;
    private long firstFrameNanos;
    private long framesSent;
    private long framesReceived;
    private long marksEchoed;
    private long clears;

    SimulatedStream(StreamMessages messages, URI url, String authToken, StreamMessages.Start start, CallerScript script,
                    Pacer pacer, ScheduledExecutorService timer) {
        this.messages = messages;
        this.url = url;
        this.authToken = authToken;
        this.start = start;
        this.script = script;
        this.pacer = pacer;
        this.timer = timer;
    }

    /** Connects and streams; the returned future completes with null when the stream ended with stop, else why not. */
    CompletableFuture<String> run(HttpClient http) {
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .header(TwilioSignature.HEADER, TwilioSignature.sign(authToken, url.toString(), Map.of()))
                .buildAsync(url, this)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        done.complete("could not connect to " + url + ": " + rootMessage(error));
                    }
                });
        return done;
    }

    CompletableFuture<String> done() {
        return done;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (this) {
            socket = webSocket;
            enqueue(messages.connected());
            enqueue(messages.start(++sequence, start));
            firstFrameNanos = System.nanoTime();
        }
        webSocket.request(1);
    }

    /** Sends frame {@code nextFrame} (or stop after the last), then waits for the wire before the next. */
    private void tick() {
        synchronized (this) {
            tickScheduled = false;
            if (done.isDone() || stopSent) {
                return;
            }
            int i = nextFrame++;
            if (i >= script.totalFrames()) {
                stopSent = true;
                enqueue(messages.stop(++sequence, start.streamSid(), start.accountSid(), start.callSid()));
                return;
            }
            enqueue(messages.media(++sequence, start.streamSid(), i + 1, (long) i * Audio.FRAME_MILLIS, script.frame(i)));
            framesSent++;
            String digit = script.dtmfAt(i);
            if (digit != null) {
                enqueue(messages.dtmf(++sequence, start.streamSid(), digit));
            }
            play();
        }
    }

    /** One caller frame has passed: one frame of the service's audio has played; echo the marks it reached. */
    private void play() {
        boolean played = false;
        while (!playback.isEmpty()) {
            Object head = playback.peekFirst();
            if (head instanceof String mark) {
                playback.pollFirst();
                echo(mark);
            } else if (!played) {
                playback.pollFirst();
                played = true;
            } else {
                break;
            }
        }
    }

    private void echo(String mark) {
        marksEchoed++;
        enqueue(messages.markEcho(++sequence, start.streamSid(), mark));
    }

    private void enqueue(String text) {
        if (closeSent) {
            return; // hung up: a mark echo crossing the service's last answer has nowhere to go
        }
        outgoing.add(text);
        if (!sending) {
            sendNext();
        }
    }

    /** Called holding the lock; completions re-enter through {@link #sent}. */
    private void sendNext() {
        String text = outgoing.poll();
        if (text == null) {
            sending = false;
            scheduleNextFrame();
            return;
        }
        sending = true;
        socket.sendText(text, true).whenComplete((ws, error) -> sent(error));
    }

    private void sent(Throwable error) {
        if (error != null) {
            // usually the service has just closed the socket: let its close frame say why, if it comes in time
            String why = "send failed: " + rootMessage(error);
            timer.schedule(() -> {
                try {
                    if (done.complete(why)) {
                        socket.abort();
                    }
                } catch (RuntimeException e) {
                    done.complete(why + "; then aborting the socket failed: " + rootMessage(e));
                }
            }, 1, TimeUnit.SECONDS);
            return;
        }
        synchronized (this) {
            if (!done.isDone()) {
                sendNext();
            }
        }
    }

    private void scheduleNextFrame() {
        if (stopSent) {
            if (!done.isDone() && !closeSent) {
                closeSent = true;
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "stop"); // the provider hangs up; the service closes too
            }
            return;
        }
        if (tickScheduled) {
            return;
        }
        tickScheduled = true;
        long delay = pacer.delayNanos(nextFrame, System.nanoTime() - firstFrameNanos);
        timer.schedule(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                // a failed tick ends this stream with the reason, instead of leaving it silent until the service times out
                if (done.complete("frame timer failed: " + rootMessage(e))) {
                    socket.abort();
                }
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            synchronized (this) {
                received(text);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void received(String text) {
        StreamMessages.Outbound message;
        try {
            message = messages.parseOutbound(text);
        } catch (StreamMessages.MalformedMessageException e) {
            done.complete("the service sent a malformed message: " + e.getMessage());
            socket.abort();
            return;
        }
        if (!start.streamSid().equals(message.streamSid())) {
            done.complete("the service sent a message for stream " + message.streamSid());
            socket.abort();
            return;
        }
        if (message instanceof StreamMessages.OutboundMedia media) {
            framesReceived++;
            playback.addLast(media.payload());
        } else if (message instanceof StreamMessages.OutboundMark mark) {
            if (playback.isEmpty()) {
                echo(mark.name());
            } else {
                playback.addLast(mark.name());
            }
        } else {
            clears++;
            List<Object> cleared = List.copyOf(playback);
            playback.clear();
            cleared.stream().filter(String.class::isInstance).forEach(mark -> echo((String) mark));
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        synchronized (this) {
            if (stopSent && statusCode == WebSocket.NORMAL_CLOSURE) {
                done.complete(null);
            } else {
                done.complete("the service closed the stream (" + statusCode + " " + reason + ")"
                        + (stopSent ? "" : " before stop"));
            }
            if (!stopSent) {
                stopSent = true;
            }
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        done.complete("stream error: " + rootMessage(error));
    }

    synchronized long framesSent() {
        return framesSent;
    }

    synchronized long framesReceived() {
        return framesReceived;
    }

    synchronized long marksEchoed() {
        return marksEchoed;
    }

    synchronized long clears() {
        return clears;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
