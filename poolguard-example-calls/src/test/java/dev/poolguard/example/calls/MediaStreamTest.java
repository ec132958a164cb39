package dev.poolguard.example.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.status.LeaseInfo;
import dev.poolguard.example.calls.streams.Audio;
import dev.poolguard.example.calls.streams.MediaStreams;
import dev.poolguard.example.calls.streams.Phrases;
import dev.poolguard.example.calls.streams.StreamStats;
import dev.poolguard.example.calls.telephony.TelephonyProvider;
import dev.poolguard.testing.PoolguardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Media Streams endpoint over a real WebSocket (the JDK's client in Twilio's seat), with Twilio's documented
 * messages as fixtures: a whole conversation recorded at the stream's edges, refused starts that store nothing, and
 * every kind of bad input, each counted in {@code /stats} and leaving no connection held.
 */
class MediaStreamTest {

    static Harness h;
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicLong STREAMS = new AtomicLong(0xabc000);

    @RegisterExtension
    static PoolguardExtension poolguard = PoolguardExtension.watching(() -> h == null ? null : h.db()).strictQueries();

    @BeforeAll
    static void start() {
        TelephonyProvider silent = request -> String.format("CA%032x", request.callId());
        h = Harness.startWith(silent, b -> b.config(Harness.testConfig().streamIdleTimeout(Duration.ofMillis(400))
                .streamMaxMessageBytes(4096).build()));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** A Twilio documentation example with its placeholder SIDs replaced. */
    static String fixture(String name, String callSid, String streamSid) {
        try (InputStream in = MediaStreamTest.class.getResourceAsStream("/twilio/media-streams/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", callSid)
                    .replace("MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", streamSid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String newStreamSid() {
        return String.format("MZ%032x", STREAMS.incrementAndGet());
    }

    static URI url() {
        return MediaStreams.streamUrl(h.service().url());
    }

    /** A media message like the fixture's, at frame {@code index} of the stream. */
    static String media(String streamSid, int index, byte[] payload) {
        return "{\"event\":\"media\",\"sequenceNumber\":\"" + (index + 2) + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
                + (index + 1) + "\",\"timestamp\":\"" + index * 20L + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(payload)
                + "\"},\"streamSid\":\"" + streamSid + "\"}";
    }

    /** The caller says {@code phrase} for {@code frames} frames, then is silent for {@code silence}; returns the next index. */
    static int say(StreamClient c, String streamSid, int at, Phrases.Phrase phrase, int frames, int silence) {
        for (int i = 0; i < frames; i++) {
            c.send(media(streamSid, at + i, Audio.tone(phrase.hertz(), Phrases.AMPLITUDE, i)));
        }
        return pause(c, streamSid, at + frames, silence);
    }

    static int pause(StreamClient c, String streamSid, int at, int frames) {
        for (int i = 0; i < frames; i++) {
            c.send(media(streamSid, at + i, Audio.silence()));
        }
        return at + frames;
    }

    static JsonNode stream(String callSid) {
        Http.Response r = h.http().get("/calls/" + callSid);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.get("stream");
    }

    static long streamRows(long callId) {
        return h.db().queryOne("select count(*) from call_streams where call_id = ?", rs -> rs.getLong(1), callId).orElseThrow();
    }

    static StreamStats stats() {
        return h.service().stats().streams();
    }

    static List<LeaseInfo> streamLeases() {
        return h.db().diagnostics().leases().stream().filter(l -> l.callSite().contains("Stream")).toList();
    }

    @Test
    void aConversationIsRecordedAtTheEdgesOfItsStream() throws Exception {
        Harness.Dialed call = h.dialedCall();
        String sid = newStreamSid();
        long transactionsBefore = stats().transactions();
        List<Phrases.Phrase> p = Phrases.CALLER;
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("connected", call.sid(), sid)).send(fixture("start", call.sid(), sid));
            await().atMost(Duration.ofSeconds(5)).until(() -> stream(call.sid()) != null && !stream(call.sid()).isNull());
            int at = pause(c, sid, 0, 10);
            at = say(c, sid, at, p.get(0), 25, 60); // "Hello?"
            Thread.sleep(300); // a silent moment mid-call: the stream holds no connection meanwhile
            assertThat(streamLeases()).as("connections held by the stream between messages").isEmpty();
            c.send(fixture("dtmf", call.sid(), sid));
            at = pause(c, sid, at, 60);
            at = say(c, sid, at, p.get(3), 20, 40); // "How much does it cost?"
            c.send(fixture("mark", call.sid(), sid)); // Twilio's echo of a mark: noted, nothing to do
            c.send(fixture("stop", call.sid(), sid));
            StreamClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(1000);

            // what the agent sent back: its answers as media frames, each followed by a mark, all with the streamSid
            List<JsonNode> sent = c.received.stream().map(MediaStreamTest::parse).toList();
            assertThat(sent).allSatisfy(m -> assertThat(m.get("streamSid").asText()).isEqualTo(sid));
            assertThat(sent).extracting(m -> m.get("event").asText()).containsOnly("media", "mark");
            List<String> marks = sent.stream().filter(m -> m.get("event").asText().equals("mark"))
                    .map(m -> m.get("mark").get("name").asText()).toList();
            assertThat(marks).containsExactly("turn-2", "turn-4", "turn-6");
            long framesOut = sent.stream().filter(m -> m.get("event").asText().equals("media")).count();
            assertThat(Base64.getDecoder().decode(sent.get(0).get("media").get("payload").asText())).hasSize(Audio.FRAME_BYTES);

            JsonNode stream = stream(call.sid());
            assertThat(stream.get("streamSid").asText()).isEqualTo(sid);
            assertThat(stream.get("startedAt").isNull()).isFalse();
            assertThat(stream.get("endedAt").isNull()).isFalse();
            assertThat(stream.get("framesIn").asLong()).isEqualTo(at);
            assertThat(stream.get("framesOut").asLong()).isEqualTo(framesOut);
            assertThat(stream.get("turns").asInt()).isEqualTo(6);
            assertThat(stream.get("endReason").asText()).isEqualTo("stop");
            assertThat(stream.get("conversationCompleted").asBoolean()).isTrue();

            Http.Response transcript = h.http().get("/calls/" + call.sid() + "/transcript");
            assertThat(transcript.status()).isEqualTo(200);
            assertThat(transcript.get("streamSid").asText()).isEqualTo(sid);
            JsonNode turns = transcript.get("turns");
            assertThat(turns.findValuesAsText("speaker")).containsExactly("caller", "agent", "caller", "agent", "caller", "agent");
            assertThat(turns.findValuesAsText("text")).containsExactly("Hello?", p.get(0).reply(), "[pressed 1]",
                    Phrases.dtmfReply("1"), "How much does it cost?", p.get(3).reply());
            assertThat(turns.get(0).get("atMs").asLong()).isEqualTo(200);
            assertThat(turns.get(0).get("durationMs").asInt()).isEqualTo(500);
            // start, end: two transactions for the whole stream, none per frame (fewer than 10 turns: no batch)
            assertThat(stats().transactions() - transactionsBefore).isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> streamLeases().isEmpty());
    }

    @Test
    void longConversationsAreWrittenInBatchesOfTurns() {
        Harness.Dialed call = h.dialedCall();
        String sid = newStreamSid();
        long before = stats().transactions();
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("start", call.sid(), sid));
            int at = 0;
            for (int i = 0; i < 12; i++) { // 24 turns: two batches of 10 while it runs, the last 4 at the end
                at = say(c, sid, at, Phrases.CALLER.get(i % 7), 10, 20);
            }
            c.send(fixture("stop", call.sid(), sid));
            assertThat(c.awaitClose().code()).isEqualTo(1000);
        }
        assertThat(h.db().queryOne("select count(*) from call_turns t join call_streams s on s.id = t.stream_id"
                + " where s.stream_sid = ?", rs -> rs.getLong(1), sid)).contains(24L);
        assertThat(stream(call.sid()).get("turns").asInt()).isEqualTo(24);
        assertThat(stats().transactions() - before).isEqualTo(4);
    }

    @Test
    void startForAnUnknownCallClosesWithTheReasonAndStoresNothing() {
        String unknown = String.format("CA%032x", 987_654_321L);
        long rows = h.db().queryOne("select count(*) from call_streams", rs -> rs.getLong(1)).orElseThrow();
        long refused = stats().refused();
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("connected", unknown, "x")).send(fixture("start", unknown, newStreamSid()));
            StreamClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("no call " + unknown + "; nothing was stored");
        }
        assertThat(h.db().queryOne("select count(*) from call_streams", rs -> rs.getLong(1))).contains(rows);
        assertThat(stats().refused()).isEqualTo(refused + 1);
    }

    @Test
    void startForAFinishedCallClosesAndStoresNothing() {
        Harness.Dialed call = h.dialedCall();
        h.db().transaction(tx -> tx.update("update calls set status = 'completed', ended_at = now() where id = ?", call.callId()));
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("start", call.sid(), newStreamSid()));
            StreamClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("call " + call.sid() + " is over (completed); nothing was stored");
        }
        assertThat(streamRows(call.callId())).isZero();
    }

    @Test
    void aCallStreamsOnce() {
        Harness.Dialed call = h.dialedCall();
        try (StreamClient first = StreamClient.connect(url())) {
            first.send(fixture("start", call.sid(), newStreamSid()));
            await().atMost(Duration.ofSeconds(5)).until(() -> streamRows(call.callId()) == 1);
            try (StreamClient second = StreamClient.connect(url())) {
                second.send(fixture("start", call.sid(), newStreamSid()));
                assertThat(second.awaitClose().reason()).isEqualTo("call " + call.sid() + " already has a stream; nothing was stored");
            }
        }
        assertThat(streamRows(call.callId())).isEqualTo(1);
    }

    @Test
    void anUnsignedOrMissignedUpgradeIsRefusedWith403() {
        long before = stats().badInput().badSignature();
        assertThatThrownBy(() -> StreamClient.connectSigned(url(), null)).hasStackTraceContaining("403");
        assertThatThrownBy(() -> StreamClient.connectSigned(url(), "bm90IGEgc2lnbmF0dXJl")).hasStackTraceContaining("403");
        assertThat(stats().badInput().badSignature()).isEqualTo(before + 2);
    }

    @Test
    void malformedJsonClosesWith1007AndEndsTheStream() {
        Harness.Dialed call = h.dialedCall();
        String sid = newStreamSid();
        long malformed = stats().badInput().malformed();
        long closedEarly = stats().failures().closedWithoutStop();
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("start", call.sid(), sid)).send(media(sid, 0, Audio.silence())).send("{\"event\": \"media\", ");
            StreamClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(1007);
            assertThat(closed.reason()).startsWith("malformed message: not JSON");
        }
        assertThat(stats().badInput().malformed()).isEqualTo(malformed + 1);
        JsonNode stream = stream(call.sid());
        assertThat(stream.get("endReason").asText()).isEqualTo("protocol-error");
        assertThat(stream.get("framesIn").asLong()).isEqualTo(1);
        assertThat(stats().failures().closedWithoutStop()).isEqualTo(closedEarly + 1);
    }

    @Test
    void unknownEventsAreCountedAndIgnored() {
        Harness.Dialed call = h.dialedCall();
        String sid = newStreamSid();
        long unknown = stats().badInput().unknownEvents();
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("start", call.sid(), sid)).send("{\"event\":\"transcription\",\"streamSid\":\"" + sid + "\"}")
                    .send(media(sid, 0, Audio.silence())).send(fixture("stop", call.sid(), sid));
            assertThat(c.awaitClose().code()).isEqualTo(1000);
        }
        assertThat(stats().badInput().unknownEvents()).isEqualTo(unknown + 1);
        assertThat(stream(call.sid()).get("endReason").asText()).isEqualTo("stop");
    }

    @Test
    void binaryFramesCloseWith1003() {
        Harness.Dialed call = h.dialedCall();
        String sid = newStreamSid();
        long binary = stats().badInput().binary();
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("start", call.sid(), sid)).sendBinary(Audio.silence());
            StreamClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(1003);
            assertThat(closed.reason()).contains("binary frames are not part of the Media Streams protocol");
        }
        assertThat(stats().badInput().binary()).isEqualTo(binary + 1);
        assertThat(stream(call.sid()).get("endReason").asText()).isEqualTo("protocol-error");
    }

    @Test
    void mediaBeforeStartClosesWith1008AndStoresNothing() {
        String sid = newStreamSid();
        long before = stats().badInput().beforeStart();
        long rows = h.db().queryOne("select count(*) from call_streams", rs -> rs.getLong(1)).orElseThrow();
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("connected", "x", sid)).send(media(sid, 0, Audio.silence()));
            StreamClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("media before start");
        }
        assertThat(stats().badInput().beforeStart()).isEqualTo(before + 1);
        assertThat(h.db().queryOne("select count(*) from call_streams", rs -> rs.getLong(1))).contains(rows);
    }

    @Test
    void aSecondStartClosesWith1008AndEndsTheFirst() {
        Harness.Dialed call = h.dialedCall();
        String sid = newStreamSid();
        long before = stats().badInput().secondStart();
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("start", call.sid(), sid)).send(fixture("start", call.sid(), newStreamSid()));
            StreamClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("second start on stream " + sid);
        }
        assertThat(stats().badInput().secondStart()).isEqualTo(before + 1);
        assertThat(streamRows(call.callId())).isEqualTo(1);
        assertThat(stream(call.sid()).get("endReason").asText()).isEqualTo("protocol-error");
    }

    @Test
    void anOversizeMessageClosesWith1009AndEndsTheStream() {
        Harness.Dialed call = h.dialedCall();
        String sid = newStreamSid();
        long before = stats().badInput().oversize();
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("start", call.sid(), sid)).send(media(sid, 0, new byte[8000])); // 1 s in one message, over 4 KB
            assertThat(c.awaitClose().code()).isEqualTo(1009);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !stream(call.sid()).get("endReason").isNull());
        assertThat(stream(call.sid()).get("endReason").asText()).isEqualTo("oversize");
        assertThat(stats().badInput().oversize()).isEqualTo(before + 1);
    }

    @Test
    void aSilentSocketIsClosedByTheIdleTimeoutAndItsStreamEnded() {
        Harness.Dialed call = h.dialedCall();
        String sid = newStreamSid();
        long before = stats().badInput().silent();
        try (StreamClient c = StreamClient.connect(url())) {
            c.send(fixture("start", call.sid(), sid)).send(media(sid, 0, Audio.silence()));
            StreamClient.Closed closed = c.awaitClose(); // the test's idle timeout is 400 ms
            assertThat(closed.code()).isEqualTo(1001);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !stream(call.sid()).get("endReason").isNull());
        assertThat(stream(call.sid()).get("endReason").asText()).isEqualTo("silent");
        assertThat(stats().badInput().silent()).isEqualTo(before + 1);
    }

    @Test
    void badInputLeavesNoSessionNoConnectionAndShowsInStats() {
        await().atMost(Duration.ofSeconds(5)).until(() -> h.service().streams().active() == 0);
        assertThat(streamLeases()).isEmpty();
        Http.Response s = h.http().get("/stats");
        assertThat(s.status()).isEqualTo(200);
        JsonNode streams = s.get("streams");
        assertThat(streams.get("badInput").fieldNames()).toIterable().containsExactlyInAnyOrder("malformed", "unknownEvents",
                "binary", "beforeStart", "secondStart", "oversize", "silent", "badSignature");
        assertThat(streams.get("failures").fieldNames()).toIterable().containsExactlyInAnyOrder("closedWithoutStop",
                "startFailures", "storeFailures", "sendFailures");
        assertThat(s.get("poolWaits").get("maxWaitMillis").isNumber()).isTrue();
    }

    @Test
    void unknownCallSidsAndCallsWithoutStreamsAnswerAsExpected() {
        assertThat(h.http().get("/calls/CA" + "0".repeat(32) + "/transcript").status()).isEqualTo(404);
        Harness.Dialed call = h.dialedCall();
        Http.Response r = h.http().get("/calls/" + call.sid());
        assertThat(r.get("stream").isNull()).isTrue();
        assertThat(r.get("callSid").asText()).isEqualTo(call.sid());
        Http.Response t = h.http().get("/calls/" + call.sid() + "/transcript");
        assertThat(t.get("turns")).isEmpty();
        assertThat(t.get("streamSid").isNull()).isTrue();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
