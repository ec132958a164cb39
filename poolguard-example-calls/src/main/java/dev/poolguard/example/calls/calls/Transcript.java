package dev.poolguard.example.calls.calls;

import java.util.List;

/** {@code GET /calls/{callSid}/transcript}: the turns of the call's stream in order (none before a stream started). */
public record Transcript(String callSid, String streamSid, List<Turn> turns) {

    public Transcript {
        turns = List.copyOf(turns);
    }
}
