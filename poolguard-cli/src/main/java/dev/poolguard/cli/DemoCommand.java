package dev.poolguard.cli;

import dev.poolguard.example.calls.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
        }
        if (poolSize < 4 || poolSize > 1000) {
            throw new ParameterException(spec.commandLine(), "--pool-size must be 4..1000, was " + poolSize);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, was " + duration);
        }
        if (chaosEvery.compareTo(Duration.ofMillis(200)) < 0) {
            throw new ParameterException(spec.commandLine(), "--chaos-every must be at least 200ms, was " + chaosEvery.toMillis() + "ms");
        }
        return new Demo(new Demo.Options(port, duration, chaos, chaosEvery, poolSize, seed), System.out, System.err).run();
    }
}
