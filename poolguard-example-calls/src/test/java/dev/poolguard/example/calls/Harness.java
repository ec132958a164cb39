package dev.poolguard.example.calls;

import dev.poolguard.Database;
import dev.poolguard.event.EventType;
import dev.poolguard.example.calls.telephony.DialRequest;
import dev.poolguard.example.calls.telephony.Pacer;
import dev.poolguard.example.calls.telephony.SimulatedTelephony;
import dev.poolguard.example.calls.telephony.TelephonyProvider;
import dev.poolguard.example.calls.webhooks.StatusWebhooks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One or more service instances on a fresh database, in query-guard strict mode, with a fast simulated provider and
 * a recording email sender, plus an HTTP client per instance. Closing checks that no request broke the query guard.
 */
final class Harness implements AutoCloseable {

    static final String TOKEN = "test-auth-token-0123456789";

    final String databaseUrl;
    final List<CallsService> services = new ArrayList<>();
    final List<Http> clients = new ArrayList<>();
    final TelephonyProvider provider;
    /** The provider, when it is the simulated one. */
    final SimulatedTelephony telephony;
    final RecordingEmailSender email;
    /** Set by a test that breaks the query guard on purpose, so closing does not count that as a failure. */
    volatile boolean guardViolationsExpected;

    private Harness(String databaseUrl, TelephonyProvider provider, RecordingEmailSender email) {
        this.databaseUrl = databaseUrl;
        this.provider = provider;
        this.telephony = provider instanceof SimulatedTelephony ? (SimulatedTelephony) provider : null;
        this.email = email;
    }

    static CallsConfig.Builder testConfig() {
        return CallsConfig.builder().port(0).authToken(TOKEN).strictQueries(true)
                .queuePoll(Duration.ofMillis(20)).schedulerInterval(Duration.ofMillis(100)).drainTimeout(Duration.ofSeconds(5));
    }

    static SimulatedTelephony.Options fastTelephony() {
        // answered calls stream 3 to 5 s of audio (room for a phrase and its answer), sent as fast as the socket takes it
        return SimulatedTelephony.options(TOKEN).delays(Duration.ofMillis(5), Duration.ofMillis(40))
                .duplicateRate(0.2).reorderRate(0.2).seed(42)
                .talkTime(Duration.ofSeconds(3), Duration.ofSeconds(5)).pacer(Pacer.UNPACED);
    }

    static Harness start() {
        return start(1, fastTelephony(), UnaryOperator.identity());
    }

    /** One instance dialing through {@code provider} (a stub that sends no callbacks, for webhook tests). */
    static Harness startWith(TelephonyProvider provider, UnaryOperator<CallsService.Builder> customize) {
        return start(1, bases -> provider, customize);
    }

    static Harness start(int instances, SimulatedTelephony.Options telephony, UnaryOperator<CallsService.Builder> customize) {
        return start(instances, bases -> instances > 1 ? telephony.loadBalance(bases).build() : telephony.build(), customize);
    }

    /**
     * {@code instances} services on one fresh database. The provider is made once their ports are known; with more
     * than one instance it spreads callbacks over all of them, round-robin, like a load balancer.
     */
    static Harness start(int instances, Function<List<URI>, TelephonyProvider> telephony,
                         UnaryOperator<CallsService.Builder> customize) {
        String url = TestDatabases.fresh();
        LateTelephony late = new LateTelephony();
        RecordingEmailSender email = new RecordingEmailSender();
        List<CallsService> started = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            CallsConfig config = testConfig().instanceId("instance-" + (i + 1)).build();
            Database db = CallsService.databaseBuilder(config).url(url).build();
            started.add(customize.apply(CallsService.builder(db, late).config(config).email(email).sharedTelephony()).start());
        }
        TelephonyProvider provider = telephony.apply(started.stream().map(CallsService::url).toList());
        late.delegate = provider;
        Harness h = new Harness(url, provider, email);
        h.services.addAll(started);
        started.forEach(s -> h.clients.add(new Http(s.url())));
        return h;
    }

    CallsService service() {
        return services.get(0);
    }

    Database db() {
        return services.isEmpty() ? null : services.get(0).db();
    }

    Http http() {
        return clients.get(0);
    }

    long user(String email, int maxConcurrentCalls) {
        Http.Response r = http().post("/users", Map.of("email", email, "name", "User " + email, "maxConcurrentCalls", maxConcurrentCalls));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    long campaign(long owner, String name, int maxConcurrentCalls, int leads) {
        Http.Response c = http().post("/campaigns", Map.of("ownerId", owner, "name", name, "fromNumber", "+14155550100",
                "maxConcurrentCalls", maxConcurrentCalls));
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        long id = c.id();
        for (int from = 0; from < leads; from += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(leads, from + 1000); i++) {
                batch.add(Map.of("name", "Lead " + i, "phone", String.format("+1555%07d", id * 10_000 + i), "score", (i * 37) % 101));
            }
            Http.Response r = http().post("/campaigns/" + id + "/leads", Map.of("leads", batch));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        return id;
    }

    /** A call the service dialed: its id and the provider's call_sid. */
    record Dialed(long callId, String sid) {
        /** The status callback path the service gave the provider for it. */
        String callbackPath() {
            return StatusWebhooks.PATH + "?" + StatusWebhooks.CALL_ID_PARAM + "=" + callId;
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger owners = new java.util.concurrent.atomic.AtomicInteger();

    /** A one-lead campaign started and dialed (by a provider that calls nobody back): its call, with a call_sid. */
    Dialed dialedCall() {
        long owner = user("owner" + owners.incrementAndGet() + "-" + System.nanoTime() + "@example.com", 3);
        long campaign = campaign(owner, "Dialed " + owners.get(), 1, 1);
        assertThat(http().post("/campaigns/" + campaign + "/start", Map.of()).status()).isEqualTo(200);
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> db().queryOne(
                "select id, call_sid from calls where campaign_id = ? and call_sid is not null",
                rs -> new Dialed(rs.getLong(1), rs.getString(2)), campaign), java.util.Optional::isPresent).orElseThrow();
    }

    @Override
    public void close() {
        List<Database> dbs = services.stream().map(CallsService::db).toList();
        for (Database db : guardViolationsExpected ? List.<Database>of() : dbs) {
            Map<EventType, Long> events = db.diagnostics().stats().events();
            assertThat(events.getOrDefault(EventType.UNBOUNDED_RESULT, 0L)).as("UNBOUNDED_RESULT events").isZero();
            assertThat(events.getOrDefault(EventType.N_PLUS_ONE, 0L)).as("N_PLUS_ONE events").isZero();
        }
        services.forEach(CallsService::close);
        provider.close();
    }

    /** A provider handed to services before the real one exists (their ports decide its callback targets). */
    static final class LateTelephony implements TelephonyProvider {
        volatile TelephonyProvider delegate;

        @Override
        public String dial(DialRequest request) {
            if (delegate == null) {
                throw new IllegalStateException("telephony not ready");
            }
            return delegate.dial(request);
        }
    }
}
