package dev.poolguard.example.calls;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.example.calls.calls.Turn;
import dev.poolguard.example.calls.streams.Audio;
import dev.poolguard.example.calls.streams.Phrases;
import dev.poolguard.example.calls.streams.StreamMessages;
import dev.poolguard.example.calls.streams.VoiceAgent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Twilio's documented Media Streams messages, parsed and rendered; the voice agent on frames made here. */
class StreamMessagesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final StreamMessages MESSAGES = new StreamMessages(JSON);
    static final String SID = "MZ" + "X".repeat(32);
    static final String CALL = "CA" + "X".repeat(32);

    static String fixture(String name) {
        return MediaStreamTest.fixture(name, CALL, SID);
    }

    @Test
    void everyMessageTwilioSendsParsesAsDocumented() {
        assertThat(MESSAGES.parseInbound(fixture("connected"))).isEqualTo(new StreamMessages.Connected("Call", "1.0.0"));
        StreamMessages.Start start = (StreamMessages.Start) MESSAGES.parseInbound(fixture("start"));
        assertThat(start.streamSid()).isEqualTo(SID);
        assertThat(start.callSid()).isEqualTo(CALL);
        assertThat(start.accountSid()).isEqualTo("AC" + "X".repeat(32));
        assertThat(start.tracks()).containsExactly("inbound");
        assertThat(start.mediaFormat()).isEqualTo(StreamMessages.MediaFormat.TWILIO);
        assertThat(start.customParameters()).containsEntry("FirstName", "Jane").containsEntry("RemoteParty", "Bob");
        StreamMessages.Media media = (StreamMessages.Media) MESSAGES.parseInbound(fixture("media"));
        assertThat(media.chunk()).isEqualTo(1);
        assertThat(media.timestamp()).isEqualTo(5);
        assertThat(media.payload()).hasSize(Audio.FRAME_BYTES);
        assertThat(MESSAGES.parseInbound(fixture("dtmf"))).isEqualTo(new StreamMessages.Dtmf(SID, "inbound_track", "1"));
        assertThat(MESSAGES.parseInbound(fixture("mark"))).isEqualTo(new StreamMessages.Mark(SID, "my label"));
        assertThat(MESSAGES.parseInbound(fixture("stop"))).isEqualTo(new StreamMessages.Stop(SID, "AC" + "X".repeat(32), CALL));
        assertThat(MESSAGES.parseInbound("{\"event\":\"transcription\"}")).isEqualTo(new StreamMessages.Unknown("transcription"));
    }

    @Test
    void whatTheServiceSendsIsTwiliosShapeExactly() throws Exception {
        byte[] silence = Audio.silence();
        assertThat(JSON.readTree(MESSAGES.render(new StreamMessages.OutboundMedia(SID, silence))))
                .isEqualTo(JSON.readTree(fixture("outbound-media")));
        assertThat(JSON.readTree(MESSAGES.render(new StreamMessages.OutboundMark(SID, "my label"))))
                .isEqualTo(JSON.readTree(fixture("outbound-mark")));
        assertThat(JSON.readTree(MESSAGES.render(new StreamMessages.Clear(SID)))).isEqualTo(JSON.readTree(fixture("outbound-clear")));
        // and what the simulated provider sends is what Twilio documents
        assertThat(JSON.readTree(MESSAGES.stop(5, SID, "AC" + "X".repeat(32), CALL))).isEqualTo(JSON.readTree(fixture("stop")));
        assertThat(JSON.readTree(MESSAGES.connected())).isEqualTo(JSON.readTree(fixture("connected")));
        assertThat(JSON.readTree(MESSAGES.dtmf(5, SID, "1"))).isEqualTo(JSON.readTree(fixture("dtmf")));
        assertThat(JSON.readTree(MESSAGES.markEcho(4, SID, "my label"))).isEqualTo(JSON.readTree(fixture("mark")));
        assertThat(JSON.readTree(MESSAGES.media(3, SID, 1, 5, silence))).isEqualTo(JSON.readTree(fixture("media")));
        StreamMessages.Start start = (StreamMessages.Start) MESSAGES.parseInbound(fixture("start"));
        assertThat(JSON.readTree(MESSAGES.start(1, start))).isEqualTo(JSON.readTree(fixture("start")));
    }

    @Test
    void malformedMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> MESSAGES.parseInbound("{\"event\": ")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> MESSAGES.parseInbound("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> MESSAGES.parseInbound("{\"event\":\"start\",\"start\":{}}")).hasMessage("start.mediaFormat is missing or not an object");
        assertThatThrownBy(() -> MESSAGES.parseInbound(fixture("media").replace("\"chunk\": \"1\"", "\"chunk\": \"one\"")))
                .hasMessage("media.chunk is not a whole number: 'one'");
        assertThatThrownBy(() -> MESSAGES.parseInbound(fixture("media").replace("\"payload\": \"", "\"payload\": \"*")))
                .hasMessageStartingWith("media.payload is not base64");
    }

    /** The agent on frames made here: an utterance, its answer with a mark, a barge-in that clears it. */
    @Test
    void theAgentAnswersEachUtteranceAndClearsWhenTalkedOver() {
        VoiceAgent agent = new VoiceAgent(SID);
        List<StreamMessages.Outbound> out = new ArrayList<>();
        int frame = 0;
        for (Map.Entry<Phrases.Phrase, Integer> said : List.of(Map.entry(Phrases.CALLER.get(0), 20), Map.entry(Phrases.CALLER.get(4), 20))) {
            for (int i = 0; i < said.getValue(); i++, frame++) {
                out.addAll(agent.onMedia(frame * 20L, Audio.tone(said.getKey().hertz(), Phrases.AMPLITUDE, i)));
            }
            for (int i = 0; i < 20; i++, frame++) { // 400 ms: the utterance ends after 300; the answer (45 frames) plays on
                out.addAll(agent.onMedia(frame * 20L, Audio.silence()));
            }
        }
        assertThat(out.stream().filter(StreamMessages.Clear.class::isInstance)).hasSize(1);
        assertThat(out.stream().filter(StreamMessages.OutboundMark.class::isInstance).map(m -> ((StreamMessages.OutboundMark) m).name()))
                .containsExactly("turn-2", "turn-4");
        List<Turn> turns = agent.takeAllTurns();
        assertThat(turns).extracting(Turn::text).containsExactly("Hello?", Phrases.CALLER.get(0).reply(),
                "Can you call me back next week?", Phrases.CALLER.get(4).reply());
        assertThat(turns.get(1).interrupted()).isTrue();
        assertThat(turns.get(1).durationMs()).isEqualTo(120); // answered at 680 ms, talked over at 800 ms
        assertThat(turns.get(3).interrupted()).isFalse();
        assertThat(agent.framesIn()).isEqualTo(frame);
    }
}
