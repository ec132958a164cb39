package dev.poolguard.bench;

import dev.poolguard.bench.chaos.ChaosResult;
import dev.poolguard.bench.chaos.Scenario;
import dev.poolguard.bench.pools.Pool;
import dev.poolguard.bench.report.BenchmarksFile;
import dev.poolguard.embedded.SystemTool;
import dev.poolguard.embedded.junit.RequiresTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole harness on the smoke profile (seconds per group, JMH in this JVM) so it cannot rot: no figure is judged,
 * but every pool, scenario and variant must produce its row, the sections must land between their markers, and the
 * plots must be written.
 */
@RequiresTool({SystemTool.PGBENCH, SystemTool.FC_LIST})
class HarnessSmokeTest {

    @Test
    void everyPoolAndScenarioProducesItsRowsSectionsAndPlots(@TempDir Path dir) throws Exception {
        Path markdown = dir.resolve("BENCHMARKS.md");
        Files.writeString(markdown, "# Benchmarks\n\n## Written by hand, kept\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Report report = Harness.run(new Harness.Options(Profile.SMOKE, Set.of(), markdown, dir.resolve("plots"), "smoke test"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.out.println(printed.toString(StandardCharsets.UTF_8));

        Set<String> everyPool = Set.of(Pool.values()).stream().map(Pool::key).collect(Collectors.toSet());
        for (String cycle : List.of("connectionCycle", "statementCycle", "queryCycle")) {
            assertThat(report.stub()).filteredOn(f -> f.method().equals(cycle)).extracting(Report.Figure::pool)
                    .as(cycle).containsExactlyInAnyOrderElementsOf(everyPool);
        }
        assertThat(report.stub()).allSatisfy(f -> assertThat(f.score()).isPositive());
        assertThat(report.pointSelect()).extracting(Report.Figure::pool).containsExactlyInAnyOrderElementsOf(everyPool);
        assertThat(report.pairedRatios()).containsOnlyKeys(Pool.peers().stream().map(Pool::key).toList())
                .allSatisfy((peer, ratio) -> assertThat(ratio).as(peer).isPositive());
        assertThat(report.pgbenchTps()).as("pgbench ran (postgresql-client is installed by .ci/run)").isNotNull().isPositive();

        assertThat(report.chaos()).containsOnlyKeys(Scenario.values());
        assertThat(report.chaos().get(Scenario.STORM)).extracting(ChaosResult::label).hasSize(2);
        assertThat(report.chaos().get(Scenario.RESTART)).extracting(ChaosResult::label).hasSize(2);
        assertThat(report.chaos().get(Scenario.EXHAUSTION)).extracting(ChaosResult::label).hasSize(3);
        assertThat(report.chaos().get(Scenario.FLOOD)).extracting(ChaosResult::label).hasSize(3);
        report.chaos().values().forEach(runs -> {
            assertThat(runs).filteredOn(ChaosResult::reference).as("one Poolguard reference row").hasSize(1);
            assertThat(runs).allSatisfy(r -> assertThat(r.ops() + r.failures()).as(r.label()).isPositive());
        });

        String text = Files.readString(markdown);
        assertThat(text).startsWith("# Benchmarks\n\n## Written by hand, kept\n");
        for (String key : List.of("stub-cycles/smoke", "point-select/smoke", "chaos/smoke")) {
            assertThat(text).contains(BenchmarksFile.begin(key), BenchmarksFile.end(key));
        }
        assertThat(text).contains("| **Poolguard", "| Agroal", "pgbench -S -M prepared (ceiling)", "Poolguard ÷, side by side", "### Termination storm",
                "### Background flood", "![Restart timeline](plots/restart-smoke.png)", "`smoke test`");
        assertThat(report.plots()).hasSize(2).allSatisfy(p -> assertThat(Files.size(p)).isGreaterThan(1000));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("## Chaos scenarios (smoke profile)");
    }
}
