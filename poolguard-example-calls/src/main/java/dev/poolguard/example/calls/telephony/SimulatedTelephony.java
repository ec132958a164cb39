package dev.poolguard.example.calls.telephony;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.example.calls.streams.Audio;
import dev.poolguard.example.calls.streams.MediaStreams;
import dev.poolguard.example.calls.streams.StreamMessages;
import dev.poolguard.example.calls.webhooks.TwilioSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * A telephony provider that "answers" calls after random delays and posts Twilio-format status callbacks back over
 * real HTTP, signed with the auth token, including some duplicates and some out of order, as real providers do. It
 * counts how often each call was dialed, so a test can prove every call was dialed exactly once.
 *
 * <p>Each dial gets a script: {@code initiated, ringing, in-progress, completed} (answered), {@code initiated, ringing,
 * no-answer} or {@code initiated, busy}, each event a random delay after the previous one. A callback that fails
 * (connection refused, non-2xx) is retried a few times, like Twilio's retries, and every failed attempt is counted.
 *
 * <p>An answered call with a stream URL connects to it when answered, as Twilio does for {@code <Connect><Stream>}:
 * the caller's audio in 20 ms frames for the call's talk time ({@link SimulatedStream}), then {@code stop} at hang-up,
 * and only then the {@code completed} callback. With {@link Options#burst} a set of calls is answered all at once.
 */
public final class SimulatedTelephony implements TelephonyProvider {

    private static final Logger log = LoggerFactory.getLogger(SimulatedTelephony.class);
    private static final String ACCOUNT_SID = "AC" + "0".repeat(32);
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final Options options;
    private final HttpClient http;
    private final ScheduledExecutorService deliveries;
    private final SplittableRandom seedSource;
    private final Map<Long, AtomicInteger> dialsPerCall = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder duplicatesSent = new LongAdder();
    private final LongAdder reordered = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final StreamMessages messages = new StreamMessages(new ObjectMapper());
    private final HttpClient streamHttp;
    private final ExecutorService streamCallbacks;
    private final ScheduledExecutorService streamTimer;
    private final List<Answer> burst = new ArrayList<>();
    private volatile long burstOpenedNanos;
    private final java.util.concurrent.atomic.AtomicLong burstFirstAnswer = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    private final java.util.concurrent.atomic.AtomicLong burstLastAnswer = new java.util.concurrent.atomic.AtomicLong();
    private final LongAdder streamsOpened = new LongAdder();
    private final LongAdder streamsCompleted = new LongAdder();
    private final LongAdder streamFailures = new LongAdder();
    private final List<String> streamFailureReasons = new CopyOnWriteArrayList<>();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder marksEchoed = new LongAdder();
    private final LongAdder clears = new LongAdder();
    private final LongAdder streamMillis = new LongAdder();
    private volatile boolean closed;

    private SimulatedTelephony(Options options) {
        this.options = options;
        this.seedSource = new SplittableRandom(options.seed);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicInteger threads = new AtomicInteger();
        this.deliveries = Executors.newScheduledThreadPool(options.threads, daemon("simulated-telephony-", threads));
        // streams: a few threads for all of them (frames are timer ticks, sends are asynchronous), never one per call
        this.streamTimer = Executors.newScheduledThreadPool(2, daemon("simulated-stream-timer-", threads));
        this.streamCallbacks = Executors.newFixedThreadPool(2, daemon("simulated-stream-io-", threads));
        this.streamHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(streamCallbacks).build();
    }

    private static ThreadFactory daemon(String prefix, AtomicInteger counter) {
        return r -> {
            Thread t = new Thread(r, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public static Options options(String authToken) {
        return new Options(authToken);
    }

    @Override
    public String dial(DialRequest request) {
        if (closed) {
            throw new IllegalStateException("simulated telephony is closed");
        }
        dialsPerCall.computeIfAbsent(request.callId(), k -> new AtomicInteger()).incrementAndGet();
        SplittableRandom random;
        synchronized (seedSource) {
            random = seedSource.split();
        }
        String sid = "CA" + hex(random) + hex(random);
        boolean inBurst = options.burstPrefix != null && request.to().startsWith(options.burstPrefix);
        double roll = random.nextDouble();
        long talkMillis = options.minTalk.toMillis() + random.nextLong(options.maxTalk.toMillis() - options.minTalk.toMillis() + 1);
        int talkSeconds = (int) ((talkMillis + 999) / 1000);
        if ((inBurst || roll < options.answerRate) && request.streamUrl() != null) {
            // answered: ringing first; then, on answer, in-progress and the stream; completed only after its stop
            List<Delivery> early = script(request, sid, random, List.of("initiated", "ringing"), talkSeconds);
            early.forEach(d -> schedule(d, d.delayMillis));
            long answerAfter = early.stream().mapToLong(Delivery::delayMillis).max().orElse(0) + step(random);
            Answer answer = new Answer(request, sid, random.split(), talkMillis, talkSeconds, System.nanoTime() + answerAfter * 1_000_000);
            pending.incrementAndGet(); // until the stream has ended and its completed callback is scheduled
            if (inBurst) {
                joinBurst(answer);
            } else {
                answerAt(answer, answerAfter);
            }
            return sid;
        }
        List<String> statuses = roll < options.answerRate ? List.of("initiated", "ringing", "in-progress", "completed")
                : roll < options.answerRate + (1 - options.answerRate) / 2 ? List.of("initiated", "ringing", "no-answer")
                : List.of("initiated", "busy");
        for (Delivery d : script(request, sid, random, statuses, talkSeconds)) {
            schedule(d, d.delayMillis);
        }
        return sid;
    }

    /** An answered call waiting to be picked up: then its in-progress callback, its stream, its completed callback. */
    private record Answer(DialRequest request, String sid, SplittableRandom random, long talkMillis, int talkSeconds,
                          long earliestNanos) {
    }

    /** Burst calls ring until the last of them has been dialed; then all are answered within one second. */
    private void joinBurst(Answer answer) {
        List<Answer> ready = null;
        synchronized (burst) {
            burst.add(answer);
            if (burst.size() == options.burstCalls) {
                ready = List.copyOf(burst);
                burstOpenedNanos = System.nanoTime();
            }
        }
        if (ready != null) {
            // once every one of them has rung, all are answered within the same second
            long now = System.nanoTime();
            long base = ready.stream().mapToLong(a -> Math.max(0, (a.earliestNanos() - now) / 1_000_000)).max().orElse(0);
            for (Answer a : ready) {
                answerAt(a, base + a.random().nextLong(1000));
            }
        }
    }

    private void answerAt(Answer answer, long delayMillis) {
        try {
            // on the stream timer, whose work never blocks: the callback threads may be stuck in slow HTTP sends
            streamTimer.schedule(() -> {
                try {
                    answer(answer);
                } catch (RuntimeException e) {
                    // counted and said, not lost with the timer's future
                    pending.decrementAndGet();
                    abandoned.increment();
                    log.warn("simulated answer of call {} failed: {}", answer.sid(), e.toString());
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            abandoned.increment();
        }
    }

    private void answer(Answer a) {
        DialRequest request = a.request();
        if (options.burstPrefix != null && request.to().startsWith(options.burstPrefix)) {
            long now = System.nanoTime();
            burstFirstAnswer.accumulateAndGet(now, Math::min);
            burstLastAnswer.accumulateAndGet(now, Math::max);
        }
        schedule(new Delivery(request.statusCallback(), callback(request, a.sid(), "in-progress", 2, a.talkSeconds(), 0), 0, 0), 0);
        String streamSid = "MZ" + hex(a.random()) + hex(a.random());
        StreamMessages.Start start = new StreamMessages.Start(streamSid, ACCOUNT_SID, a.sid(), List.of("inbound"),
                Map.of(MediaStreams.CALL_ID_PARAMETER, Long.toString(request.callId())), StreamMessages.MediaFormat.TWILIO);
        CallerScript script = new CallerScript(a.random(), (int) (a.talkMillis() / Audio.FRAME_MILLIS));
        SimulatedStream stream = new SimulatedStream(messages, options.target(request.streamUrl()), options.authToken, start,
                script, options.pacer, streamTimer);
        streamsOpened.increment();
        long started = System.nanoTime();
        stream.run(streamHttp).whenComplete((failure, error) -> {
            String why = error != null ? error.toString() : failure;
            if (why == null) {
                streamsCompleted.increment();
            } else {
                streamFailures.increment();
                if (streamFailureReasons.size() < 10) {
                    streamFailureReasons.add(a.sid() + ": " + why);
                }
                log.warn("simulated stream of call {} failed: {}", a.sid(), why);
            }
            framesSent.add(stream.framesSent());
            framesReceived.add(stream.framesReceived());
            marksEchoed.add(stream.marksEchoed());
            clears.add(stream.clears());
            streamMillis.add((System.nanoTime() - started) / 1_000_000);
            // hang-up: the final status callback after the stream's stop
            Map<String, String> completed = callback(request, a.sid(), "completed", 3, a.talkSeconds(), 0);
            Delivery last = new Delivery(request.statusCallback(), completed, 0, 0);
            schedule(last, options.minDelay.toMillis());
            if (a.random().nextDouble() < options.duplicateRate) {
                schedule(last, options.minDelay.toMillis() + 1 + a.random().nextLong(1 + options.minDelay.toMillis()));
                duplicatesSent.increment();
            }
            pending.decrementAndGet();
        });
    }

    private long step(SplittableRandom random) {
        return options.minDelay.toMillis() + random.nextLong(Math.max(1, options.maxDelay.toMillis() - options.minDelay.toMillis() + 1));
    }

    private Map<String, String> callback(DialRequest request, String sid, String status, int seq, int talkSeconds, long atMillis) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put("ApiVersion", "2010-04-01");
        params.put("CallSid", sid);
        params.put("CallStatus", status);
        params.put("CallbackSource", "call-progress-events");
        params.put("Direction", "outbound-api");
        params.put("From", request.from());
        params.put("To", request.to());
        params.put("SequenceNumber", Integer.toString(seq));
        params.put("Timestamp", RFC_1123.format(ZonedDateTime.now(ZoneOffset.UTC).plusNanos(atMillis * 1_000_000)));
        if ("completed".equals(status)) {
            params.put("CallDuration", Integer.toString(talkSeconds));
            params.put("Duration", Integer.toString((talkSeconds + 59) / 60));
        }
        return params;
    }

    /** The callbacks of {@code statuses}: in order, random delays, then duplicates and one swap of neighbours. */
    private List<Delivery> script(DialRequest request, String sid, SplittableRandom random, List<String> statuses, int talkSeconds) {
        List<Delivery> script = new ArrayList<>();
        long at = 0;
        for (int seq = 0; seq < statuses.size(); seq++) {
            at += step(random);
            script.add(new Delivery(request.statusCallback(), callback(request, sid, statuses.get(seq), seq, talkSeconds, at), at, 0));
        }
        if (script.size() > 1 && random.nextDouble() < options.reorderRate) {
            int i = random.nextInt(script.size() - 1);
            long a = script.get(i).delayMillis;
            script.set(i, script.get(i).at(script.get(i + 1).delayMillis));
            script.set(i + 1, script.get(i + 1).at(a));
            reordered.increment();
        }
        List<Delivery> withDuplicates = new ArrayList<>(script);
        for (Delivery d : script) {
            if (random.nextDouble() < options.duplicateRate) {
                withDuplicates.add(d.at(d.delayMillis + random.nextLong(1 + options.minDelay.toMillis())));
                duplicatesSent.increment();
            }
        }
        return withDuplicates;
    }

    private void schedule(Delivery d, long delayMillis) {
        pending.incrementAndGet();
        try {
            deliveries.schedule(() -> deliver(d), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            abandoned.increment();
            log.warn("simulated telephony could not schedule a callback for {}: {}", d.params.get("CallSid"), e.toString());
        }
    }

    private void deliver(Delivery d) {
        try {
            URI target = options.target(d.url);
            String body = d.params.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            Map<String, List<String>> signed = new LinkedHashMap<>();
            d.params.forEach((k, v) -> signed.put(k, List.of(v)));
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header(TwilioSignature.HEADER, TwilioSignature.sign(options.authToken, target.toString(), signed))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                delivered.increment();
            } else {
                retry(d, "HTTP " + status);
            }
        } catch (IOException e) {
            retry(d, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned.increment();
        } catch (RuntimeException e) {
            retry(d, e.toString());
        } finally {
            pending.decrementAndGet();
        }
    }

    private void retry(Delivery d, String why) {
        failedAttempts.increment();
        if (d.attempt + 1 >= options.attempts || closed) {
            abandoned.increment();
            log.warn("simulated telephony gave up on callback {} {} after {} attempts: {}", d.params.get("CallSid"),
                    d.params.get("CallStatus"), d.attempt + 1, why);
            return;
        }
        log.debug("callback {} {} failed ({}); retrying", d.params.get("CallSid"), d.params.get("CallStatus"), why);
        schedule(new Delivery(d.url, d.params, d.delayMillis, d.attempt + 1), 100L * (d.attempt + 1));
    }

    /** Waits until every scheduled callback has been delivered or given up; true if none is left. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return pending.get() == 0;
    }

    public Stats stats() {
        long calls = dialsPerCall.size();
        long dials = dialsPerCall.values().stream().mapToLong(AtomicInteger::get).sum();
        long doubled = dialsPerCall.values().stream().filter(c -> c.get() > 1).count();
        return new Stats(dials, calls, doubled, delivered.sum(), duplicatesSent.sum(), reordered.sum(), failedAttempts.sum(),
                abandoned.sum(), pending.get(), new StreamCounts(streamsOpened.sum(), streamsCompleted.sum(), streamFailures.sum(),
                framesSent.sum(), framesReceived.sum(), marksEchoed.sum(), clears.sum(), streamMillis.sum()));
    }

    /** The first few reasons streams failed, {@code CA...: why}. */
    public List<String> streamFailureReasons() {
        return List.copyOf(streamFailureReasons);
    }

    /** Time from the burst's first answer to its last (every call of it answered), or zero before it has any. */
    public Duration burstAnswerSpread() {
        long first = burstFirstAnswer.get();
        return first == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(burstLastAnswer.get() - first);
    }

    /** When the burst's last call was dialed (System.nanoTime), or 0. */
    public long burstOpenedNanos() {
        return burstOpenedNanos;
    }

    /** When the burst's first call was answered (System.nanoTime), or 0. */
    public long burstFirstAnswerNanos() {
        long first = burstFirstAnswer.get();
        return first == Long.MAX_VALUE ? 0 : first;
    }

    /** Dials per service call id (a test proves each is 1). */
    public Map<Long, Integer> dialsPerCall() {
        return dialsPerCall.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    @Override
    public void close() {
        closed = true;
        deliveries.shutdownNow();
        streamTimer.shutdownNow();
        streamCallbacks.shutdownNow();
    }

    /**
     * Counters: {@code dials} placed, {@code calls} distinct, {@code doubleDialed} calls dialed more than once,
     * callbacks {@code delivered} (2xx), {@code duplicatesSent}, calls {@code reordered}, {@code failedAttempts}
     * (non-2xx or no answer), {@code abandoned} after all retries, {@code pending} now (callbacks and streams), and
     * the Media Streams.
     */
    public record Stats(long dials, long calls, long doubleDialed, long delivered, long duplicatesSent, long reordered,
                        long failedAttempts, long abandoned, long pending, StreamCounts streams) {
    }

    /**
     * Media Streams of answered calls: {@code opened}, {@code completed} (stop sent and the service closed normally),
     * {@code failed} (could not connect, or closed by the service before stop, or any other error), caller frames sent,
     * the service's frames received and "played", marks echoed, clears received, and the streams' total duration.
     */
    public record StreamCounts(long opened, long completed, long failed, long framesSent, long framesReceived, long marksEchoed,
                               long clears, long totalMillis) {
    }

    private record Delivery(URI url, Map<String, String> params, long delayMillis, int attempt) {
        Delivery at(long newDelay) {
            return new Delivery(url, params, newDelay, attempt);
        }
    }

    private static String hex(SplittableRandom random) {
        return HexFormat.of().formatHex(longBytes(random.nextLong()));
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /** Settings of the simulation; {@link #build()} makes the provider. */
    public static final class Options {
        private final String authToken;
        private Duration minDelay = Duration.ofMillis(200);
        private Duration maxDelay = Duration.ofSeconds(2);
        private double duplicateRate = 0.1;
        private double reorderRate = 0.1;
        private double answerRate = 0.7;
        private int attempts = 4;
        private int threads = 4;
        private long seed = System.nanoTime();
        private Duration minTalk = Duration.ofSeconds(3);
        private Duration maxTalk = Duration.ofSeconds(8);
        private Pacer pacer = Pacer.REAL_TIME;
        private int burstCalls;
        private String burstPrefix;
        private List<URI> targets = List.of();
        private final AtomicInteger nextTarget = new AtomicInteger();

        private Options(String authToken) {
            this.authToken = Objects.requireNonNull(authToken, "authToken");
        }

        /** Delay between one callback and the next, drawn uniformly from {@code [min, max]}. */
        public Options delays(Duration min, Duration max) {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("delays: need 0 <= min <= max, got " + min.toMillis() + "ms.." + max.toMillis() + "ms");
            }
            this.minDelay = min;
            this.maxDelay = max;
            return this;
        }

        /** Share of callbacks sent twice. */
        public Options duplicateRate(double rate) {
            this.duplicateRate = fraction("duplicateRate", rate);
            return this;
        }

        /** Share of calls whose callbacks arrive with two neighbours swapped. */
        public Options reorderRate(double rate) {
            this.reorderRate = fraction("reorderRate", rate);
            return this;
        }

        /** Share of calls answered; the rest split evenly between no-answer and busy. */
        public Options answerRate(double rate) {
            this.answerRate = fraction("answerRate", rate);
            return this;
        }

        /** Attempts per callback, 1..10 (Twilio retries failed callbacks too). */
        public Options attempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("attempts: " + attempts + " is out of range 1..10");
            }
            this.attempts = attempts;
            return this;
        }

        public Options threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads: " + threads + " is out of range 1..64");
            }
            this.threads = threads;
            return this;
        }

        public Options seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How long an answered call talks (its stream's audio), drawn uniformly from {@code [min, max]}. */
        public Options talkTime(Duration min, Duration max) {
            if (min.compareTo(Duration.ofMillis(Audio.FRAME_MILLIS)) < 0 || max.compareTo(min) < 0 || max.compareTo(Duration.ofHours(4)) > 0) {
                throw new IllegalArgumentException("talkTime: need 20ms <= min <= max <= 4h, got " + min.toMillis() + "ms.."
                        + max.toMillis() + "ms");
            }
            this.minTalk = min;
            this.maxTalk = max;
            return this;
        }

        /** How the streams' audio frames are paced: {@link Pacer#REAL_TIME} (the default) or {@link Pacer#UNPACED}. */
        public Options pacer(Pacer pacer) {
            this.pacer = Objects.requireNonNull(pacer, "pacer");
            return this;
        }

        /**
         * The incident's shape: the calls to numbers starting with {@code toPrefix} are all answered, and none before
         * the {@code calls}-th of them has been dialed; then every one is answered within the same second.
         */
        public Options burst(int calls, String toPrefix) {
            if (calls < 1 || calls > 10_000) {
                throw new IllegalArgumentException("burst: " + calls + " calls is out of range 1..10000");
            }
            this.burstCalls = calls;
            this.burstPrefix = Objects.requireNonNull(toPrefix, "toPrefix");
            return this;
        }

        /**
         * Spread callbacks over several service instances, like a load balancer: each callback goes to the next base
         * URL in turn (path and query kept) and is signed for the URL it is sent to.
         */
        public Options loadBalance(List<URI> baseUrls) {
            this.targets = List.copyOf(baseUrls);
            return this;
        }

        public SimulatedTelephony build() {
            return new SimulatedTelephony(this);
        }

        URI target(URI callback) {
            if (targets.isEmpty()) {
                return callback;
            }
            URI base = targets.get(Math.floorMod(nextTarget.getAndIncrement(), targets.size()));
            if (callback.getScheme().startsWith("ws")) {
                base = URI.create(base.toString().replaceFirst("^http", "ws"));
            }
            return URI.create(base.toString().replaceAll("/+$", "") + callback.getRawPath()
                    + (callback.getRawQuery() == null ? "" : "?" + callback.getRawQuery()));
        }

        private static double fraction(String name, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + ": " + rate + " is out of range 0..1");
            }
            return rate;
        }
    }
}
