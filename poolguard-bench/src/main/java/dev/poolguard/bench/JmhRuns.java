package dev.poolguard.bench;

import dev.poolguard.bench.pools.Pool;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Runs a JMH benchmark class once per pool (so progress can be shown) and returns one row per method and pool. */
final class JmhRuns {

    private JmhRuns() {
    }

    /** One JMH result: method, pool, score and its 99.9% error (NaN with a single iteration), unit. */
    record Row(String method, Pool pool, double score, double error, String unit) {
    }

    static List<Row> run(Class<?> benchmark, List<Pool> pools, Profile.Jmh settings, Map<String, String> params, Path logDirectory,
                         String group, Consumer<String> progress) {
        List<Row> rows = new ArrayList<>();
        int n = 0;
        for (Pool pool : pools) {
            progress.accept(group + ": " + pool.label() + " (" + (++n) + "/" + pools.size() + ")");
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include("^" + Pattern.quote(benchmark.getName()) + "\\.")
                    .param("pool", pool.key())
                    .forks(settings.forks())
                    .warmupIterations(settings.warmupIterations())
                    .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
                    .measurementIterations(settings.iterations())
                    .measurementTime(TimeValue.milliseconds(settings.iterationTime().toMillis()))
                    .shouldFailOnError(true)
                    .output(logDirectory.resolve("jmh-" + group.replace(' ', '-') + "-" + pool.key() + ".log").toString());
            params.forEach(options::param);
            try {
                for (RunResult r : new Runner(options.build()).run()) {
                    Result<?> primary = r.getPrimaryResult();
                    String method = r.getParams().getBenchmark();
                    rows.add(new Row(method.substring(method.lastIndexOf('.') + 1), pool, primary.getScore(), primary.getScoreError(),
                            primary.getScoreUnit()));
                }
            } catch (RunnerException e) {
                throw new IllegalStateException(group + " failed for " + pool.label() + "; JMH log in " + logDirectory + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
