package dev.poolguard.cli;

import dev.poolguard.example.calls.demo.Demo;
import dev.poolguard.example.calls.streams.StreamLookup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./poolguard demo}: the reference voice-campaign service on an embedded PostgreSQL, with the simulated
 * telephony provider and a traffic generator; a status line a second and a {@code SUMMARY} line at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the reference voice-campaign service on an embedded PostgreSQL with simulated calls and users.",
                "Prints a status line every second and a SUMMARY line at the end; exit status 0 when failed=0 and"
                        + " limit_violations=0."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "30s", description = "How long to generate traffic (e.g. 10s, 2m). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port on 127.0.0.1 (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--chaos", description = "Also terminate every backend of the service every --chaos-every, as a provider recycling connections does.")
    boolean chaos;

    @Option(names = "--chaos-every", defaultValue = "3s", description = "Time between terminations with --chaos. Default: ${DEFAULT-VALUE}.")
    Duration chaosEvery;

    @Option(names = "--pool-size", defaultValue = "10", description = "The service's pool size, 4..1000. Default: ${DEFAULT-VALUE}.")
    int poolSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated calls and users. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--burst", defaultValue = "0", description = {"Also answer this many calls within the same second, each"
            + " opening its Media Stream at once (the incidents' moment); 0..1000. Prints a BURST line. Default: ${DEFAULT-VALUE}."})
    int burst;

    @Option(names = "--stream-lookup", defaultValue = "indexed", description = {"How a stream's start finds its call: indexed,"
            + " or fetch-all to replay the incidents' pattern (every call loaded, one picked in memory). Default: ${DEFAULT-VALUE}."})
    String streamLookup;

    @Option(names = "--history", defaultValue = "0", description = {"Finished calls to put in the calls table first, as in"
            + " production (what fetch-all has to read); 0..1000000. Default: ${DEFAULT-VALUE}."})
    int history;

    @Option(names = "--pooler", description = {"Run through Debian's PgBouncer in transaction mode in front of the database,"
            + " as Supabase's and Neon's poolers are (needs: apt-get install pgbouncer); --pool-size is then the pooler's"
            + " server pool too, the budget every instance shares."})
    boolean pooler;

    @Option(names = "--instances", defaultValue = "1", description = {"Service instances sharing the database, each with its own"
            + " pool and port (from --port up, or free ports with --port 0); traffic and the provider's callbacks are spread"
            + " over them; 1..8. Default: ${DEFAULT-VALUE}."})
    int instances;

    @Spec
    CommandSpec spec;

    private static final Map<String, String> FLAGS = Map.of("port", "--port", "duration", "--duration", "chaosEvery",
            "--chaos-every", "poolSize", "--pool-size", "burst", "--burst", "history", "--history", "instances", "--instances");

    @Override
    public Integer call() throws Exception {
        Demo.Options options;
        try {
            options = Demo.Options.builder().port(port).duration(duration).chaos(chaos).chaosEvery(chaosEvery)
                    .poolSize(poolSize).seed(seed).burst(burst).streamLookup(StreamLookup.of("--stream-lookup", streamLookup))
                    .history(history).pooler(pooler).instances(instances).build();
        } catch (IllegalArgumentException e) {
            // the builder names its setting ("poolSize: 3 is out of range 4..1000"); say it with the option's name
            String message = e.getMessage();
            int colon = message.indexOf(':');
            String setting = colon < 0 ? "" : message.substring(0, colon);
            throw new ParameterException(spec.commandLine(), FLAGS.getOrDefault(setting, setting) + message.substring(Math.max(0, colon)), e);
        }
        return new Demo(options, System.out, System.err).run();
    }
}
