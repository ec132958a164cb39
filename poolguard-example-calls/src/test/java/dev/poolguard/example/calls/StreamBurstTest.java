package dev.poolguard.example.calls;

import dev.poolguard.event.EventType;
import dev.poolguard.status.PoolStatus;
import dev.poolguard.example.calls.demo.History;
import dev.poolguard.example.calls.streams.StreamLookup;
import dev.poolguard.example.calls.streams.StreamStats;
import dev.poolguard.example.calls.support.PoolWaits;
import dev.poolguard.example.calls.telephony.Pacer;
import dev.poolguard.example.calls.telephony.SimulatedTelephony;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The incidents' moment, replayed: {@value #BURST} calls answered within one second, each opening its Media Stream, on
 * a calls table holding {@value #HISTORY} older calls and a pool of 10. Once with the indexed call_sid lookup, once
 * with the incidents' pattern turned on by its flag ({@link StreamLookup#FETCH_ALL}: every call loaded, one found in
 * memory, at each stream start). The numbers printed are what the pattern did to the pool.
 */
class StreamBurstTest {

    static final int BURST = 100;
    static final int HISTORY = 20_000;
    static final String NUMBERS = "+1555888";

    record Figures(StreamLookup lookup, long started, long failedStarts, double startMeanMs, double startMaxMs, int maxWaiting,
                   double longestWaitMs, long timeouts, long unboundedReads, double seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "lookup=%s streams_started=%d failed_starts=%d start_mean_ms=%.1f start_max_ms=%.1f"
                            + " pool_max_waiting=%d longest_wait_ms=%.1f connection_timeouts=%d unbounded_reads=%d seconds=%.1f",
                    lookup.value(), started, failedStarts, startMeanMs, startMaxMs, maxWaiting, longestWaitMs, timeouts,
                    unboundedReads, seconds);
        }
    }

    static Figures burst(StreamLookup lookup) {
        SimulatedTelephony.Options telephony = SimulatedTelephony.options(Harness.TOKEN).delays(Duration.ofMillis(5), Duration.ofMillis(40))
                .duplicateRate(0).reorderRate(0).seed(7).talkTime(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .pacer(Pacer.REAL_TIME).burst(BURST, NUMBERS);
        try (Harness h = Harness.start(1, telephony, b -> b.config(Harness.testConfig().streamLookup(lookup).build()))) {
            h.guardViolationsExpected = lookup == StreamLookup.FETCH_ALL;
            h.db().strictQueries(false); // the pattern is measured here, not stopped by the query guard
            History.seed(h.db(), HISTORY);
            long owner = h.user("burst-" + lookup.value() + "@example.com", BURST);
            long campaign = h.http().post("/campaigns", Map.of("ownerId", owner, "name", "Burst", "fromNumber", "+14155550100",
                    "maxConcurrentCalls", BURST)).id();
            List<Map<String, Object>> leads = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                leads.add(Map.of("name", "Lead " + i, "phone", NUMBERS + String.format("%04d", i)));
            }
            assertThat(h.http().post("/campaigns/" + campaign + "/leads", Map.of("leads", leads)).status()).isEqualTo(201);
            AtomicInteger maxWaiting = new AtomicInteger();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                PoolStatus pool = h.db().diagnostics().status();
                maxWaiting.accumulateAndGet(pool.waiting(), Math::max);
            }, 0, 2, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            try {
                assertThat(h.http().post("/campaigns/" + campaign + "/start", Map.of()).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                        "completed".equals(h.http().get("/campaigns/" + campaign).get("campaign").get("status").asText()));
            } finally {
                sampler.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            StreamStats s = h.service().streams().stats();
            PoolWaits.Snapshot waits = h.service().stats().poolWaits();
            return new Figures(lookup, s.started(), s.failures().startFailures(), s.startMeanMicros() / 1000.0,
                    s.startMaxMicros() / 1000.0, maxWaiting.get(), waits.maxWaitMillis(), waits.timeouts(),
                    h.db().diagnostics().stats().events().getOrDefault(EventType.UNBOUNDED_RESULT, 0L), seconds);
        }
    }

    @Test
    void theIndexedLookupAbsorbsTheBurstThatTheIncidentsPatternChokesOn() {
        Figures indexed = burst(StreamLookup.INDEXED);
        Figures fetchAll = burst(StreamLookup.FETCH_ALL);
        System.out.println("BURST " + BURST + " calls, " + HISTORY + " older calls, pool 10: " + indexed);
        System.out.println("BURST " + BURST + " calls, " + HISTORY + " older calls, pool 10: " + fetchAll);

        assertThat(indexed.started()).isEqualTo(BURST);
        assertThat(indexed.failedStarts()).isZero();
        assertThat(indexed.timeouts()).isZero();
        assertThat(indexed.unboundedReads()).isZero();

        // every start read the whole table (the query guard reported it, a report per burst of repeats), and each held
        // a connection long enough to queue the other starts, webhooks and workers behind it
        assertThat(fetchAll.unboundedReads()).isPositive();
        assertThat(fetchAll.startMeanMs()).isGreaterThan(5 * indexed.startMeanMs());
        assertThat(fetchAll.longestWaitMs()).isGreaterThan(indexed.longestWaitMs());
    }
}
