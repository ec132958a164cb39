package dev.poolguard.example.calls.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's users: over real HTTP, it registers a few users, then keeps creating campaigns with leads and starting
 * them (some now, some scheduled a moment ahead so the scheduler starts them), while reader threads browse what a
 * dashboard user would: campaign progress, pages of calls, a call by its call_sid, a user's active calls, health.
 * Every request that does not get the answer it expects counts as a failure.
 */
final class TrafficGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 5;
    private static final int READERS = 2;

    private final List<URI> bases;
    private final AtomicInteger nextBase = new AtomicInteger();
    private final SplittableRandom random;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Long> users = new CopyOnWriteArrayList<>();
    private final List<Long> campaigns = new CopyOnWriteArrayList<>();
    private final LongAdder ops = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicInteger reported = new AtomicInteger();
    private final AtomicInteger phones = new AtomicInteger();

    /** Requests go to each base URL in turn, as a load balancer in front of several instances would send them. */
    TrafficGenerator(List<URI> bases, long seed, PrintStream err) {
        this.bases = List.copyOf(bases);
        this.random = new SplittableRandom(seed);
        this.err = err;
    }

    void start() {
        for (int i = 0; i < USERS; i++) {
            JsonNode user = call("POST", "/users", Map.of("email", "user" + (i + 1) + "@demo.example", "name", "Demo user " + (i + 1),
                    "maxConcurrentCalls", 4 + i), 201);
            if (user != null) {
                users.add(user.get("id").asLong());
            }
        }
        SplittableRandom creatorRandom = random.split();
        threads.add(thread("demo-campaigns", () -> createCampaigns(creatorRandom)));
        for (int i = 0; i < READERS; i++) {
            SplittableRandom readerRandom = random.split();
            threads.add(thread("demo-reader-" + (i + 1), () -> browse(readerRandom)));
        }
        threads.forEach(Thread::start);
    }

    /**
     * After {@code delay}, on a thread of its own: a user and a campaign allowing {@code calls} at once, with that many
     * leads whose numbers start with {@code numberPrefix}, started. The provider holds them until the last is dialed.
     */
    void burst(int calls, String numberPrefix, Duration delay) {
        Thread t = thread("demo-burst", () -> {
            pause(delay.toMillis());
            if (stop.get()) {
                return;
            }
            JsonNode user = call("POST", "/users", Map.of("email", "burst@demo.example", "name", "Burst", "maxConcurrentCalls", calls), 201);
            JsonNode campaign = user == null ? null : call("POST", "/campaigns", Map.of("ownerId", user.get("id").asLong(),
                    "name", "Burst of " + calls, "fromNumber", "+14155550100", "maxConcurrentCalls", calls), 201);
            if (campaign == null) {
                return;
            }
            long id = campaign.get("id").asLong();
            List<Map<String, Object>> leads = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                leads.add(Map.of("name", "Burst lead " + (i + 1), "phone", numberPrefix + String.format("%04d", i), "score", i % 101));
            }
            if (call("POST", "/campaigns/" + id + "/leads", Map.of("leads", leads), 201) != null
                    && call("POST", "/campaigns/" + id + "/start", Map.of(), 200) != null) {
                campaigns.add(id);
            }
        });
        threads.add(t);
        t.start();
    }

    /** Stops creating and browsing; returns once the threads are done. */
    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    List<Long> campaigns() {
        return List.copyOf(campaigns);
    }

    long ops() {
        return ops.sum();
    }

    long failures() {
        return failures.sum();
    }

    private void createCampaigns(SplittableRandom r) {
        while (!stop.get()) {
            if (!users.isEmpty()) {
                createCampaign(r, users.get(r.nextInt(users.size())));
            }
            pause(800 + r.nextInt(700));
        }
    }

    private void createCampaign(SplittableRandom r, long owner) {
        JsonNode campaign = call("POST", "/campaigns", Map.of("ownerId", owner, "name", "Campaign " + (campaigns.size() + 1),
                "fromNumber", "+14155550100", "maxConcurrentCalls", 3 + r.nextInt(4)), 201);
        if (campaign == null) {
            return;
        }
        long id = campaign.get("id").asLong();
        List<Map<String, Object>> leads = new ArrayList<>();
        int count = 8 + r.nextInt(13);
        for (int i = 0; i < count; i++) {
            leads.add(Map.of("name", "Lead " + (i + 1), "phone", String.format("+1555%07d", phones.incrementAndGet()),
                    "score", r.nextInt(101)));
        }
        if (call("POST", "/campaigns/" + id + "/leads", Map.of("leads", leads), 201) == null) {
            return;
        }
        JsonNode started = r.nextInt(10) < 7 ? call("POST", "/campaigns/" + id + "/start", Map.of(), 200)
                : call("POST", "/campaigns/" + id + "/schedule", Map.of("at", Instant.now().plusSeconds(2).toString()), 200);
        if (started != null) {
            campaigns.add(id);
        }
    }

    private void browse(SplittableRandom r) {
        while (!stop.get()) {
            if (!campaigns.isEmpty()) {
                long campaign = campaigns.get(r.nextInt(campaigns.size()));
                switch (r.nextInt(5)) {
                    case 0:
                        call("GET", "/campaigns/" + campaign, null, 200);
                        break;
                    case 1:
                        JsonNode page = call("GET", "/campaigns/" + campaign + "/calls?limit=50", null, 200);
                        JsonNode items = page == null ? null : page.get("items");
                        if (items != null && items.size() > 0) {
                            JsonNode sid = items.get(r.nextInt(items.size())).get("callSid");
                            if (sid != null && !sid.isNull()) {
                                call("GET", "/calls/" + sid.asText(), null, 200);
                            }
                        }
                        break;
                    case 2:
                        call("GET", "/users/" + users.get(r.nextInt(users.size())) + "/active-calls", null, 200);
                        break;
                    case 3:
                        call("GET", "/campaigns/" + campaign + "/summary", null, 200);
                        break;
                    default:
                        call("GET", "/health", null, 200);
                }
            }
            pause(20 + r.nextInt(30));
        }
    }

    /** One request; null (and a failure counted) unless it got the expected status. */
    private JsonNode call(String method, String path, Object body, int expected) {
        ops.increment();
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(bases.get(Math.floorMod(nextBase.getAndIncrement(), bases.size())).resolve(path)).timeout(Duration.ofSeconds(30));
            if (body == null) {
                b.GET();
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                fail(method + " " + path + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
                return null;
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            fail(method + " " + path + " failed: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            return null;
        }
    }

    private void fail(String what) {
        failures.increment();
        if (reported.incrementAndGet() <= 10) {
            err.println("demo request failed: " + what);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
    }

    private Thread thread(String name, Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                fail(name + " stopped: " + e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
