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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs a JMH benchmark class for each pool, in rounds: every round runs every pool once (one fork each), starting at
 * a different pool, so a spell of load from other work on the machine falls on all pools instead of on one. A pool's
 * figure is the median of its rounds; Poolguard's ratio to a peer is the median of the per-round ratios.
 */
final class JmhRuns {

    /** Scores per method, pool and round. */
    private final Map<String, Map<Pool, double[]>> scores = new LinkedHashMap<>();
    private final Map<String, Map<Pool, Double>> errors = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    private final int rounds;

    private JmhRuns(int rounds) {
        this.rounds = rounds;
    }

    static JmhRuns run(Class<?> benchmark, List<Pool> pools, Profile.Jmh settings, Map<String, String> params, Path logDirectory,
                       String group, Consumer<String> progress) {
        // Other engineers' benchmarks may hold JMH's machine-wide lock; the load they add is recorded in each section.
        System.setProperty("jmh.ignoreLock", "true");
        JmhRuns runs = new JmhRuns(settings.rounds());
        if (settings.forks() == 0) {
            // In this JVM (the smoke run): one JMH run over every pool saves a runner start per pool.
            progress.accept(group + ": every pool in this JVM");
            runs.record(execute(benchmark, pools, settings, params, logDirectory.resolve("jmh-" + group.replace(' ', '-') + ".log"), group), 0);
            return runs;
        }
        int step = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            for (int k = 0; k < pools.size(); k++) {
                Pool pool = pools.get((k + round) % pools.size());
                progress.accept(group + ": " + pool.label() + " (" + (++step) + "/" + pools.size() * settings.rounds() + ")");
                runs.runOne(benchmark, pool, round, settings, params, logDirectory.resolve(
                        "jmh-" + group.replace(' ', '-') + "-" + pool.key() + "-round" + (round + 1) + ".log"), group);
            }
        }
        return runs;
    }

    private void runOne(Class<?> benchmark, Pool pool, int round, Profile.Jmh settings, Map<String, String> params, Path log,
                        String group) {
        record(execute(benchmark, List.of(pool), settings, params, log, group), round);
    }

    private void record(java.util.Collection<RunResult> results, int round) {
        for (RunResult r : results) {
            Pool pool = Pool.of(r.getParams().getParam("pool"));
            Result<?> primary = r.getPrimaryResult();
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            scores.computeIfAbsent(method, m -> new LinkedHashMap<>())
                    .computeIfAbsent(pool, p -> filled(rounds))[round] = primary.getScore();
            errors.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(pool, primary.getScoreError());
            units.put(method, primary.getScoreUnit());
        }
    }

    /**
     * Side by side: a benchmark whose one JMH group runs {@code poolguard} and {@code peer} methods at the same time.
     * Returns, per peer, the median over rounds of Poolguard's score over the peer's in the same trial.
     */
    static Map<Pool, Double> pairedRatios(Class<?> benchmark, List<Pool> peers, Profile.Jmh settings, Map<String, String> params,
                                          Path logDirectory, String group, Consumer<String> progress) {
        System.setProperty("jmh.ignoreLock", "true");
        Map<Pool, double[]> ratios = new LinkedHashMap<>();
        int step = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            List<List<Pool>> batches = new ArrayList<>();
            if (settings.forks() == 0) {
                batches.add(peers); // in this JVM (the smoke run): one JMH run over every peer
            } else {
                for (int k = 0; k < peers.size(); k++) {
                    batches.add(List.of(peers.get((k + round) % peers.size())));
                }
            }
            for (List<Pool> batch : batches) {
                String who = batch.size() == 1 ? batch.get(0).label() : "every peer in this JVM";
                progress.accept(group + ": Poolguard beside " + who + " (" + (++step) + "/" + batches.size() * settings.rounds() + ")");
                Path log = logDirectory.resolve("jmh-" + group.replace(' ', '-') + "-" + (batch.size() == 1 ? batch.get(0).key() : "all")
                        + "-round" + (round + 1) + ".log");
                for (RunResult r : execute(benchmark, batch, settings, params, log, group)) {
                    Map<String, Result> parts = r.getSecondaryResults();
                    double ratio = parts.get("poolguard").getScore() / parts.get("peer").getScore();
                    ratios.computeIfAbsent(Pool.of(r.getParams().getParam("pool")), p -> filled(settings.rounds()))[round] = ratio;
                }
            }
        }
        Map<Pool, Double> medians = new LinkedHashMap<>();
        ratios.forEach((peer, values) -> medians.put(peer, median(values)));
        return medians;
    }

    private static java.util.Collection<RunResult> execute(Class<?> benchmark, List<Pool> pools, Profile.Jmh settings,
                                                           Map<String, String> params, Path log, String group) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName()) + "\\.")
                .param("pool", pools.stream().map(Pool::key).toArray(String[]::new))
                .forks(settings.forks())
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.milliseconds(settings.iterationTime().toMillis()))
                .shouldFailOnError(true)
                .output(log.toString());
        params.forEach(options::param);
        try {
            return new Runner(options.build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException(group + " failed for " + Pool.keys(pools) + "; JMH log: " + log + ": " + e.getMessage(), e);
        }
    }

    int rounds() {
        return rounds;
    }

    List<String> methods() {
        return List.copyOf(scores.keySet());
    }

    boolean has(String method, Pool pool) {
        return scores.containsKey(method) && scores.get(method).containsKey(pool);
    }

    /** The median of the pool's rounds. */
    double score(String method, Pool pool) {
        return has(method, pool) ? median(scores.get(method).get(pool)) : Double.NaN;
    }

    /** The lowest and highest round. */
    double[] range(String method, Pool pool) {
        double[] s = has(method, pool) ? scores.get(method).get(pool).clone() : new double[]{Double.NaN};
        Arrays.sort(s);
        return new double[]{s[0], s[s.length - 1]};
    }

    /** JMH's 99.9% error of the last round (NaN with a single iteration). */
    double error(String method, Pool pool) {
        return errors.getOrDefault(method, Map.of()).getOrDefault(pool, Double.NaN);
    }

    String unit(String method) {
        return units.getOrDefault(method, "");
    }

    /** Poolguard's score over the peer's: the median of the rounds' ratios. */
    double ratio(String method, Pool peer) {
        if (!has(method, Pool.POOLGUARD) || !has(method, peer)) {
            return Double.NaN;
        }
        double[] poolguard = scores.get(method).get(Pool.POOLGUARD);
        double[] other = scores.get(method).get(peer);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = poolguard[r] / other[r];
        }
        return median(ratios);
    }

    private static double[] filled(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    private static double median(double[] values) {
        double[] s = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Every pool's median figure, for the report. */
    List<Report.Figure> figures() {
        List<Report.Figure> out = new ArrayList<>();
        scores.forEach((method, byPool) -> byPool.keySet().forEach(pool ->
                out.add(new Report.Figure(method, pool.key(), score(method, pool), unit(method)))));
        return out;
    }
}
