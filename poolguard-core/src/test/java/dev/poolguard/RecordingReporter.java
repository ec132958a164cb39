package dev.poolguard;

import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventReporter;
import dev.poolguard.event.EventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Collects events for assertions. */
public final class RecordingReporter implements EventReporter {

    private final List<DiagnosticEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void report(DiagnosticEvent event) {
        events.add(event);
    }

    public List<DiagnosticEvent> events() {
        return List.copyOf(events);
    }

    public List<DiagnosticEvent> of(EventType type) {
        return events.stream().filter(e -> e.type() == type).collect(Collectors.toList());
    }

    public void clear() {
        events.clear();
    }
}
