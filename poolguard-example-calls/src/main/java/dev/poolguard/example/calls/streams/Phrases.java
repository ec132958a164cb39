package dev.poolguard.example.calls.streams;

import java.util.List;

/**
 * What the simulated caller can say and what the agent answers. There is no speech recognition here: the simulated
 * caller "says" a phrase as a tone at the phrase's pitch, and the agent recognises it from the frames by that pitch
 * (zero crossings over the utterance). The pitches are 160 Hz apart; an utterance of 200 ms measures within a few Hz.
 */
public final class Phrases {

    /** One thing the caller says, spoken as a tone at {@code hertz}, and the agent's answer to it. */
    public record Phrase(String text, double hertz, String reply) {
    }

    public static final List<Phrase> CALLER = List.of(
            new Phrase("Hello?", 400, "Hi, this is Ada from Poolguard Energy, calling about your renewal. Is now a good time?"),
            new Phrase("Yes, speaking.", 560, "Great. Your contract ends next month; we can renew it at the same rate."),
            new Phrase("What is this about?", 720, "Your energy contract: it ends next month and I can renew it on the phone."),
            new Phrase("How much does it cost?", 880, "The same as today, fixed for another twelve months."),
            new Phrase("Can you call me back next week?", 1040, "Of course. I will call you back next week."),
            new Phrase("Not interested, thanks.", 1200, "Understood, I will not call again. Have a nice day."),
            new Phrase("Okay, sounds good.", 1360, "Wonderful, it is renewed; you will get a confirmation email."),
            new Phrase("Goodbye.", 1520, "Thank you for your time. Goodbye."));

    /** The pitch of the agent's own voice: below every caller phrase, so an echo would never be taken for one. */
    public static final double AGENT_HERTZ = 250;
    /** Amplitude of the simulated voices (of 32,767). */
    public static final int AMPLITUDE = 8000;

    private Phrases() {
    }

    /** The caller phrase whose pitch is nearest {@code hertz}. */
    public static Phrase nearest(double hertz) {
        Phrase best = CALLER.get(0);
        for (Phrase p : CALLER) {
            if (Math.abs(p.hertz() - hertz) < Math.abs(best.hertz() - hertz)) {
                best = p;
            }
        }
        return best;
    }

    /** What the agent says when the caller pressed a key. */
    public static String dtmfReply(String digit) {
        return "You pressed " + digit + ". Noted, thank you.";
    }
}
