package dev.poolguard.cli;

import dev.poolguard.InvalidConfigurationException;
import dev.poolguard.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Command options take durations as Poolguard's settings do: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, ISO-8601. */
final class DurationConverter {

    private DurationConverter() {
    }

    static Duration parse(String text) {
        try {
            return Durations.parse("duration", text);
        } catch (InvalidConfigurationException e) {
            // picocli names the option itself; keep only what is wrong with the value
            throw new CommandLine.TypeConversionException(e.getMessage().substring(e.setting().length() + 2));
        }
    }
}
