package dev.poolguard.example.calls.telephony;

import dev.poolguard.example.calls.streams.Audio;
import dev.poolguard.example.calls.streams.Phrases;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the simulated caller says during one stream, frame by frame: a short silence, then phrases (each a tone at the
 * phrase's pitch, 300 to 600 ms) with pauses of 0.8 to 1.4 s after them (2 s of talk always holds one), "Hello?" first and, when there is room,
 * "Goodbye." last; sometimes a key press in a pause. Decided up front from the call's random numbers, so a seed
 * replays the same conversation.
 */
final class CallerScript {

    /** One phrase: said from frame {@code from} for {@code frames} frames. */
    record Said(Phrases.Phrase phrase, int from, int frames) {
    }

    private final int totalFrames;
    private final List<Said> said = new ArrayList<>();
    private final int dtmfFrame;
    private final String dtmfDigit;

    CallerScript(SplittableRandom random, int totalFrames) {
        this.totalFrames = totalFrames;
        int at = 5 + random.nextInt(6);
        List<Phrases.Phrase> all = Phrases.CALLER;
        Phrases.Phrase goodbye = all.get(all.size() - 1);
        int pick = 0;
        while (true) {
            int frames = 15 + random.nextInt(16);
            int pause = 40 + random.nextInt(31);
            if (at + frames + pause > totalFrames) {
                break;
            }
            Phrases.Phrase phrase = pick == 0 ? all.get(0) : all.get(1 + random.nextInt(all.size() - 2));
            said.add(new Said(phrase, at, frames));
            at += frames + pause;
            pick++;
        }
        if (said.size() > 1) {
            Said last = said.remove(said.size() - 1);
            said.add(new Said(goodbye, last.from(), last.frames()));
        }
        if (!said.isEmpty() && random.nextInt(4) == 0) {
            Said first = said.get(0);
            dtmfFrame = first.from() + first.frames() + 30; // in the pause after the first phrase
            dtmfDigit = Integer.toString(1 + random.nextInt(9));
        } else {
            dtmfFrame = -1;
            dtmfDigit = null;
        }
    }

    int totalFrames() {
        return totalFrames;
    }

    /** The caller's audio for frame {@code index}. */
    byte[] frame(int index) {
        for (Said s : said) {
            if (index >= s.from() && index < s.from() + s.frames()) {
                return Audio.tone(s.phrase().hertz(), Phrases.AMPLITUDE, index - s.from());
            }
        }
        return Audio.silence();
    }

    /** The key pressed at frame {@code index}, or null. */
    String dtmfAt(int index) {
        return index == dtmfFrame ? dtmfDigit : null;
    }

    List<Said> said() {
        return List.copyOf(said);
    }
}
