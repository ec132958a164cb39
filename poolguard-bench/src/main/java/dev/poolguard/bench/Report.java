package dev.poolguard.bench;

import dev.poolguard.bench.chaos.ChaosResult;
import dev.poolguard.bench.chaos.Scenario;
import dev.poolguard.bench.pgbench.PgBench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one harness run measured and the sections it made of it. */
public final class Report {

    /** A generated {@code BENCHMARKS.md} section: its marker key ({@code stub-cycles/quick}) and text. */
    public record Section(String key, String markdown) {
    }

    /** One JMH figure: benchmark method, pool key, score (the median of the rounds), unit. */
    public record Figure(String method, String pool, double score, String unit) {
    }

    private final Profile profile;
    private final List<Section> sections = new ArrayList<>();
    private final List<Figure> stub = new ArrayList<>();
    private final List<Figure> pointSelect = new ArrayList<>();
    private final Map<String, Double> pairedRatios = new LinkedHashMap<>();
    private Double pgbenchTps;
    private final Map<Scenario, List<ChaosResult>> chaos = new LinkedHashMap<>();
    private final List<Path> plots = new ArrayList<>();

    Report(Profile profile) {
        this.profile = profile;
    }

    public Profile profile() {
        return profile;
    }

    public List<Section> sections() {
        return List.copyOf(sections);
    }

    public List<Figure> stub() {
        return List.copyOf(stub);
    }

    public List<Figure> pointSelect() {
        return List.copyOf(pointSelect);
    }

    /** Poolguard ÷ peer in the side-by-side point select, by peer key. */
    public Map<String, Double> pairedRatios() {
        return Map.copyOf(pairedRatios);
    }

    /** {@code pgbench -S} transactions per second, or null when pgbench is not installed. */
    public Double pgbenchTps() {
        return pgbenchTps;
    }

    public Map<Scenario, List<ChaosResult>> chaos() {
        return Map.copyOf(chaos);
    }

    public List<Path> plots() {
        return List.copyOf(plots);
    }

    void add(Section section) {
        sections.add(section);
    }

    void stub(List<Figure> figures) {
        stub.addAll(figures);
    }

    void pointSelect(List<Figure> figures, Map<dev.poolguard.bench.pools.Pool, Double> paired, PgBench.Result ceiling) {
        pointSelect.addAll(figures);
        paired.forEach((pool, ratio) -> pairedRatios.put(pool.key(), ratio));
        pgbenchTps = ceiling == null ? null : ceiling.tps();
    }

    void chaos(Map<Scenario, List<ChaosResult>> results) {
        chaos.putAll(results);
    }

    void plots(List<Path> files) {
        plots.addAll(files);
    }
}
