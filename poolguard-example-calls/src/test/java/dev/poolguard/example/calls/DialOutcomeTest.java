package dev.poolguard.example.calls;

import dev.poolguard.example.calls.telephony.DialException;
import dev.poolguard.example.calls.telephony.DialRequest;
import dev.poolguard.example.calls.telephony.TelephonyProvider;
import dev.poolguard.example.calls.webhooks.StatusWebhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dial that fails says whether the call was placed: "not placed" frees the call's slots (or requeues it when rate
 * limited), "unknown" (an error without that proof, or no answer within the bound) keeps them until a callback or the
 * reconciliation settles the call, so the concurrency limits hold even if the provider did place it.
 */
class DialOutcomeTest {

    static Harness h;
    /** How the stub provider answers a call, by lead phone number. */
    static final Map<String, Function<DialRequest, String>> SCRIPT = new ConcurrentHashMap<>();
    static final AtomicInteger N = new AtomicInteger();

    @BeforeAll
    static void start() {
        TelephonyProvider scripted = request -> SCRIPT.getOrDefault(request.to(), r -> String.format("CA%032x", r.callId())).apply(request);
        // dials are bounded to a third of the dial timeout: 2 s
        h = Harness.startWith(scripted, b -> b.config(Harness.testConfig().dialTimeout(Duration.ofSeconds(6)).build()));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** A campaign, and the id of its call that got the scripted first dial (0 until it is dialed). */
    record Campaign(long owner, long id, java.util.concurrent.atomic.AtomicLong scripted) {
    }

    /**
     * A user allowing one call at a time, with a two-lead campaign whose first dial, whichever lead it is for, is
     * {@code first}: both calls are queued at once, so which one the queue takes first is not the test's to choose.
     */
    static Campaign campaign(Function<DialRequest, String> first) {
        int n = N.incrementAndGet();
        long owner = h.user("dial" + n + "@example.com", 1);
        long id = h.campaign(owner, "Dial outcomes " + n, 1, 2);
        java.util.concurrent.atomic.AtomicLong scripted = new java.util.concurrent.atomic.AtomicLong();
        Function<DialRequest, String> once = r -> scripted.compareAndSet(0, r.callId()) || scripted.get() == r.callId()
                ? first.apply(r) : String.format("CA%032x", r.callId());
        for (String phone : h.db().query("select phone from leads where campaign_id = ?", rs -> rs.getString(1), id)) {
            SCRIPT.put(phone, once);
        }
        assertThat(h.http().post("/campaigns/" + id + "/start", Map.of()).status()).isEqualTo(200);
        return new Campaign(owner, id, scripted);
    }

    /** The call the scripted first dial was for, once the queue has dialed it. */
    static long firstCall(Campaign c) {
        await().atMost(Duration.ofSeconds(5)).until(() -> c.scripted().get() != 0);
        return c.scripted().get();
    }

    static String status(long callId) {
        return h.db().queryOne("select status from calls where id = ?", rs -> rs.getString(1), callId).orElseThrow();
    }

    static int activeCalls(long owner) {
        return h.db().queryOne("select active_calls from users where id = ?", rs -> rs.getInt(1), owner).orElseThrow();
    }

    static long dialedCalls(Campaign c) {
        return h.db().queryOne("select count(*) from calls where campaign_id = ? and status <> 'queued'", rs -> rs.getLong(1), c.id())
                .orElseThrow();
    }

    static void completed(long callId, String sid) {
        String path = StatusWebhooks.PATH + "?" + StatusWebhooks.CALL_ID_PARAM + "=" + callId;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", sid);
        p.put("CallStatus", "completed");
        p.put("CallDuration", "3");
        Http.Response r = h.http().webhook(path, p, Harness.TOKEN, h.http().url(path).toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void anUnknownOutcomeKeepsTheSlotsUntilACallbackSettlesTheCall() throws Exception {
        String sid = String.format("CA%032x", 0xdead01L);
        Campaign c = campaign(r -> {
            throw DialException.unknown("Twilio answered 500 (error 20500); the call may have been placed", 20500, null);
        });
        long call = firstCall(c);
        await().atMost(Duration.ofSeconds(5)).until(() -> h.service().queue().dialsUnknown() > 0 && "dialing".equals(status(call)));
        // the provider may have placed it: the slot stays taken, so the second lead waits (the user's limit is 1)
        Thread.sleep(500);
        assertThat(status(call)).isEqualTo("dialing");
        assertThat(activeCalls(c.owner())).isEqualTo(1);
        assertThat(dialedCalls(c)).isEqualTo(1);
        // the provider had placed it after all: its callbacks find it by ?callId= and end it, freeing the slot
        completed(call, sid);
        assertThat(status(call)).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(5)).until(() -> dialedCalls(c) == 2);
    }

    @Test
    void anUntypedProviderErrorIsUnknownToo() throws Exception {
        Campaign c = campaign(r -> {
            throw new IllegalStateException("socket reset while reading the answer");
        });
        long call = firstCall(c);
        await().atMost(Duration.ofSeconds(5)).until(() -> "dialing".equals(status(call)) && activeCalls(c.owner()) == 1);
        Thread.sleep(300);
        assertThat(dialedCalls(c)).isEqualTo(1);
        completed(call, String.format("CA%032x", 0xdead02L));
    }

    @Test
    void aDialThatHangsPastItsBoundIsUnknownAndItsLateSidIsStored() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        String sid = String.format("CA%032x", 0xdead03L);
        Campaign c = campaign(r -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return sid;
        });
        long call = firstCall(c);
        long unknownBefore = h.service().queue().dialsUnknown();
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(6)).until(() -> h.service().queue().dialsUnknown() > unknownBefore);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4)); // bounded at 2 s
        assertThat(status(call)).isEqualTo("dialing");
        assertThat(activeCalls(c.owner())).isEqualTo(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> sid.equals(h.db().queryOne("select call_sid from calls where id = ?",
                rs -> rs.getString(1), call).orElse(null)));
        completed(call, sid);
    }

    @Test
    void aRateLimitedDialIsRequeuedWithItsSlotFreedAndPlacedLater() {
        AtomicInteger tries = new AtomicInteger();
        String sid = String.format("CA%032x", 0xdead04L);
        Campaign c = campaign(r -> {
            if (tries.incrementAndGet() == 1) {
                throw DialException.throttled("Twilio answered 429 (error 20429)", 20429, Duration.ofMillis(300));
            }
            return sid;
        });
        long call = firstCall(c);
        // not placed: back in the queue, and its slot went to the campaign's other call meanwhile
        long other = h.db().queryOne("select id from calls where campaign_id = ? and id <> ?", rs -> rs.getLong(1), c.id(), call)
                .orElseThrow();
        // the counter is part of the condition: it is counted just after the row goes back to the queue, and "queued" alone
        // is also the state before the first attempt
        await().atMost(Duration.ofSeconds(5)).until(() -> h.service().queue().dialsRequeued() > 0
                && "queued".equals(status(call)) && "dialing".equals(status(other)));
        assertThat(activeCalls(c.owner())).isEqualTo(1);
        completed(other, String.format("CA%032x", other));
        await().atMost(Duration.ofSeconds(5)).until(() -> sid.equals(h.db().queryOne("select call_sid from calls where id = ?",
                rs -> rs.getString(1), call).orElse(null)));
        assertThat(tries.get()).isEqualTo(2);
        completed(call, sid);
    }
}
