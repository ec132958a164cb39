package dev.poolguard.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code ./poolguard serve}: the reference service alone, configured from the environment ({@code DATABASE_URL},
 * {@code CALLS_*}, {@code POOLGUARD_*}), until SIGTERM or Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the reference voice-campaign service against DATABASE_URL (an embedded PostgreSQL when unset).",
                "Settings come from the environment: CALLS_PORT, CALLS_HOST, TWILIO_AUTH_TOKEN, ... (see README);"
                        + " SIGTERM or Ctrl-C shuts it down gracefully."})
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        if (System.getenv("CALLS_LOG_LEVEL") == null) {
            System.setProperty("CALLS_LOG_LEVEL", "INFO"); // read by logback.xml; a server should say what it does
        }
        return dev.poolguard.example.calls.Main.run(System.getenv(), System.out);
    }
}
