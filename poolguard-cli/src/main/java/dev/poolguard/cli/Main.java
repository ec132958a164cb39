package dev.poolguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./poolguard}. */
@Command(name = "poolguard", mixinStandardHelpOptions = true, version = "poolguard 0.1.0-SNAPSHOT",
        description = "Poolguard: ends database connection exhaustion for services on PostgreSQL.",
        subcommands = {DemoCommand.class, ServeCommand.class, LintCommand.class, BenchCommand.class, DoctorCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(java.time.Duration.class, DurationConverter::parse);
        cli.setCaseInsensitiveEnumValuesAllowed(true); // --format sarif
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
