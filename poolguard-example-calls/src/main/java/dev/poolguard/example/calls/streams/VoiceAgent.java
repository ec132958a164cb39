package dev.poolguard.example.calls.streams;

import dev.poolguard.example.calls.calls.Turn;

import java.util.ArrayList;
import java.util.List;

/**
 * The voice agent of one stream, simulated and deterministic: it stands where the incidents' backend bridged each
 * stream to a realtime AI model, with no network and no model. It hears the caller's frames, finds utterances by
 * their level (speech, then {@value #END_OF_UTTERANCE_FRAMES} silent frames), recognises each as the
 * {@link Phrases} phrase of its pitch, and answers with audio frames followed by a {@code mark}. When the caller
 * starts talking while the answer is still playing, it sends {@code clear} and notes the answer as interrupted.
 *
 * <p>Everything is decided in stream time (the media timestamps), never by the wall clock, so the same frames give
 * the same conversation however fast they arrive. Not thread-safe: one stream's messages arrive one at a time.
 */
public final class VoiceAgent {

    /** Mean level (of 32,767) above which a frame is speech. */
    static final int SPEECH_LEVEL = 600;
    /** Silent frames that end an utterance: 300 ms. */
    static final int END_OF_UTTERANCE_FRAMES = 15;
    /** Speech shorter than this (100 ms) is a click, not an utterance. */
    static final int MIN_UTTERANCE_FRAMES = 5;
    /** How long the agent's voice takes per word of its answer. */
    static final int MILLIS_PER_WORD = 60;

    private final String streamSid;
    private final List<Turn> finished = new ArrayList<>();
    private Turn speaking; // the agent turn whose audio may still be playing
    private long speakingUntilMs = -1;
    private int nextSeq = 1;
    private long framesIn;
    private long framesOut;
    private int agentTurns;
    private int droppedTurns;
    private long agentFrameIndex;

    private boolean inSpeech;
    private long speechStartMs;
    private long lastSpeechMs;
    private int speechFrames;
    private int silentRun;
    private long crossings;
    private short lastSample;
    private long lastMs;

    public VoiceAgent(String streamSid) {
        this.streamSid = streamSid;
    }

    /** One frame of the caller's audio; returns what to send back (nothing, {@code clear}, or an answer and a mark). */
    public List<StreamMessages.Outbound> onMedia(long timestampMs, byte[] payload) {
        framesIn++;
        lastMs = Math.max(lastMs, timestampMs);
        List<StreamMessages.Outbound> out = new ArrayList<>(0);
        boolean speech = Audio.level(payload) >= SPEECH_LEVEL;
        if (speech) {
            if (!inSpeech) {
                inSpeech = true;
                speechStartMs = timestampMs;
                speechFrames = 0;
                crossings = 0;
                if (speaking != null && timestampMs < speakingUntilMs) {
                    // barge-in: the caller talks over the answer; stop its audio where it is
                    speaking = speaking.interruptedAt(timestampMs);
                    speakingUntilMs = timestampMs;
                    out.add(new StreamMessages.Clear(streamSid));
                }
            }
            speechFrames++;
            silentRun = 0;
            lastSpeechMs = timestampMs;
            crossings += Audio.zeroCrossings(payload, lastSample);
        } else if (inSpeech && ++silentRun >= END_OF_UTTERANCE_FRAMES) {
            inSpeech = false;
            if (speechFrames >= MIN_UTTERANCE_FRAMES) {
                double seconds = speechFrames * (double) Audio.FRAME_MILLIS / 1000;
                Phrases.Phrase heard = Phrases.nearest(crossings / (2 * seconds));
                record(Turn.CALLER, heard.text(), speechStartMs, (int) (lastSpeechMs + Audio.FRAME_MILLIS - speechStartMs));
                answer(heard.reply(), timestampMs, out);
            }
        }
        if (payload.length > 0) {
            lastSample = Audio.decode(payload[payload.length - 1]);
        }
        settle(timestampMs);
        return out;
    }

    /** The caller pressed a key: noted as a caller turn and answered. */
    public List<StreamMessages.Outbound> onDtmf(String digit) {
        List<StreamMessages.Outbound> out = new ArrayList<>();
        record(Turn.CALLER, "[pressed " + digit + "]", lastMs, 0);
        answer(Phrases.dtmfReply(digit), lastMs, out);
        return out;
    }

    private void answer(String text, long atMs, List<StreamMessages.Outbound> out) {
        int frames = Math.max(1, text.split("\\s+").length * MILLIS_PER_WORD / Audio.FRAME_MILLIS);
        settle(Long.MAX_VALUE); // a new answer replaces whatever was playing
        for (int i = 0; i < frames; i++) {
            out.add(new StreamMessages.OutboundMedia(streamSid, Audio.tone(Phrases.AGENT_HERTZ, Phrases.AMPLITUDE, agentFrameIndex++)));
        }
        framesOut += frames;
        agentTurns++;
        Turn turn = newTurn(Turn.AGENT, text, atMs, frames * Audio.FRAME_MILLIS);
        if (turn != null) {
            speaking = turn;
            speakingUntilMs = atMs + (long) frames * Audio.FRAME_MILLIS;
            out.add(new StreamMessages.OutboundMark(streamSid, "turn-" + turn.seq()));
        }
    }

    private void record(String speaker, String text, long atMs, int durationMs) {
        Turn turn = newTurn(speaker, text, atMs, durationMs);
        if (turn != null) {
            finished.add(turn);
        }
    }

    private Turn newTurn(String speaker, String text, long atMs, int durationMs) {
        if (nextSeq > Turn.MAX_PER_STREAM) {
            droppedTurns++;
            return null;
        }
        return new Turn(nextSeq++, speaker, text, atMs, durationMs, false);
    }

    /** An agent turn is final once its audio has played (or was cut): only then can it no longer be interrupted. */
    private void settle(long nowMs) {
        if (speaking != null && nowMs >= speakingUntilMs) {
            finished.add(speaking);
            finished.sort(java.util.Comparator.comparingInt(Turn::seq));
            speaking = null;
        }
    }

    /** Turns that can no longer change, taken out of the agent (to be written in a batch). */
    public List<Turn> takeFinishedTurns() {
        List<Turn> taken = List.copyOf(finished);
        finished.clear();
        return taken;
    }

    /** Every turn left, the one still playing included: the stream has ended. */
    public List<Turn> takeAllTurns() {
        settle(Long.MAX_VALUE);
        return takeFinishedTurns();
    }

    public int finishedTurns() {
        return finished.size();
    }

    public long framesIn() {
        return framesIn;
    }

    public long framesOut() {
        return framesOut;
    }

    /** Turns recorded so far (written or not). */
    public int turns() {
        return nextSeq - 1;
    }

    /** Whether the agent has answered the caller at least once: with a normal stop, a completed conversation. */
    public boolean answered() {
        return agentTurns > 0;
    }

    public int droppedTurns() {
        return droppedTurns;
    }
}
