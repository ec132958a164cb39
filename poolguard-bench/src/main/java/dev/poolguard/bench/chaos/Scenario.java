package dev.poolguard.bench.chaos;

/** The chaos scenarios, in the order they run. */
public enum Scenario {
    STORM("storm", "Termination storm"),
    RESTART("restart", "Restart"),
    EXHAUSTION("exhaustion", "Exhaustion"),
    FLOOD("flood", "Background flood");

    private final String key;
    private final String title;

    Scenario(String key, String title) {
        this.key = key;
        this.title = title;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }
}
