package dev.poolguard.bench;

import java.time.Duration;

/**
 * How long each part of {@code ./poolguard bench} runs. {@link #QUICK} is the default (about four minutes), {@link #FULL}
 * is the (30 s chaos scenarios, three interleaved JMH rounds; about 20 minutes), {@link #SMOKE} is the test run in
 * {@code ./mvnw verify}: seconds, in-process JMH, figures meaningless, only that every row is produced.
 */
public enum Profile {
    SMOKE(new Jmh(1, 0, 0, Duration.ofMillis(50), 1, Duration.ofMillis(50)),
            new Jmh(1, 0, 0, Duration.ofMillis(50), 1, Duration.ofMillis(100)),
            Duration.ofSeconds(1),
            new Chaos(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofMillis(400),
                    Duration.ofMillis(400), Duration.ofMillis(2100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2))),
    QUICK(new Jmh(1, 1, 1, Duration.ofMillis(500), 2, Duration.ofMillis(500)),
            new Jmh(1, 1, 1, Duration.ofSeconds(1), 2, Duration.ofSeconds(1)),
            Duration.ofSeconds(3),
            new Chaos(Duration.ofMillis(1500), Duration.ofMillis(1500), Duration.ofSeconds(6), Duration.ofSeconds(1),
                    Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(5))),
    FULL(new Jmh(3, 1, 2, Duration.ofSeconds(1), 4, Duration.ofSeconds(1)),
            new Jmh(3, 1, 2, Duration.ofSeconds(1), 4, Duration.ofSeconds(1)),
            Duration.ofSeconds(20),
            new Chaos(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1),
                    Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(5)));

    /**
     * JMH settings: rounds (each runs every pool once, see {@code JmhRuns}), forks per pool and round (0 runs in this
     * JVM), warmup and measurement iterations and their length.
     */
    public record Jmh(int rounds, int forks, int warmupIterations, Duration warmupTime, int iterations, Duration iterationTime) {
    }

    /**
     * Chaos timings: steady load before and after each disruption; the storm's length and kill interval; how long the
     * server stays down on a restart; how long the report holds its connections; the flood's length; the borrow timeout
     * both pools get; HikariCP's leak detection threshold in the run that turns it on.
     */
    public record Chaos(Duration baseline, Duration after, Duration storm, Duration killEvery, Duration down, Duration hold,
                        Duration flood, Duration connectionTimeout, Duration hikariLeakThreshold) {
    }

    private final Jmh stub;
    private final Jmh pointSelect;
    private final Duration pgbench;
    private final Chaos chaos;

    Profile(Jmh stub, Jmh pointSelect, Duration pgbench, Chaos chaos) {
        this.stub = stub;
        this.pointSelect = pointSelect;
        this.pgbench = pgbench;
        this.chaos = chaos;
    }

    public Jmh stub() {
        return stub;
    }

    public Jmh pointSelect() {
        return pointSelect;
    }

    /** How long {@code pgbench -S} runs; whole seconds, at least one. */
    public Duration pgbench() {
        return pgbench;
    }

    public Chaos chaos() {
        return chaos;
    }

    /** {@code quick}, {@code full}, {@code smoke}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
