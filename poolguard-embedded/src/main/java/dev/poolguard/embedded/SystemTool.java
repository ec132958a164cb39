package dev.poolguard.embedded;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A program from the operating system that a test, the demo or a benchmark runs (PgBouncer, pgbench, Chromium), found
 * by name on {@code PATH} and in the directories Debian installs such programs to but leaves off a user's path.
 *
 * <p>Each tool names the Debian package that provides it, so a missing tool is reported as the command to run.
 */
public enum SystemTool {
    PGBOUNCER("pgbouncer", "pgbouncer"),
    PGBENCH("pgbench", "postgresql-client"),
    PSQL("psql", "postgresql-client"),
    CHROMIUM("chromium", "chromium"),
    CHROMEDRIVER("chromedriver", "chromium-driver"),
    FC_LIST("fc-list", "fontconfig");

    /**
     * Environment variable that turns a missing tool from a skipped test into a failed one. {@code .ci/run} sets it,
     * so CI always runs every test; on a machine with only a JDK the same tests skip with the package to install.
     */
    public static final String REQUIRE_ENV = "POOLGUARD_REQUIRE_TOOLS";

    private static final List<Path> EXTRA_DIRECTORIES = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/local/sbin"));

    private final String command;
    private final String debianPackage;

    SystemTool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    public String command() {
        return command;
    }

    public String debianPackage() {
        return debianPackage;
    }

    /** The executable, from {@code -Dpoolguard.<command>=path} if set, else the first on PATH or in the sbin folders. */
    public Optional<Path> locate() {
        String override = System.getProperty("poolguard." + command);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    directories.add(Path.of(dir));
                }
            }
        }
        directories.addAll(EXTRA_DIRECTORIES);
        for (Path dir : directories) {
            Path candidate = dir.resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public boolean isInstalled() {
        return locate().isPresent();
    }

    /** The executable, or an {@link IllegalStateException} whose message is the install command. */
    public Path require() {
        return locate().orElseThrow(() -> new IllegalStateException(missingMessage()));
    }

    /** One line: what is missing and how to install it. */
    public String missingMessage() {
        return command + " is not installed: apt-get install " + debianPackage;
    }

    /** Whether this run must treat a missing tool as a failure ({@value #REQUIRE_ENV}=1|true, as CI sets it). */
    public static boolean requiredByEnvironment() {
        String v = System.getenv(REQUIRE_ENV);
        return v != null && (v.equals("1") || v.toLowerCase(Locale.ROOT).equals("true"));
    }
}
