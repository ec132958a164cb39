package dev.poolguard.vthreads;

import dev.poolguard.Pg;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * 1,000 virtual threads on a pool of 8 never pin their carrier inside Poolguard, HikariCP or pgjdbc (JFR's
 * {@code jdk.VirtualThreadPinned}, every event recorded). Virtual threads need JDK 21 or later and the build runs on
 * 17, so the workload runs in a child JVM of the newest JDK 21+ found: the one running the tests, {@code
 * POOLGUARD_JDK21_HOME}, or one in {@code /usr/lib/jvm} (the Temurin 25 JDK on the project's machine). Without one it
 * is skipped, saying so.
 */
class VirtualThreadPinningTest {

    @Test
    void aThousandVirtualThreadsOnAPoolOfEightPinNoCarrierInsidePoolguard() throws Exception {
        Optional<Path> java = Jdk21.java();
        assumeTrue(java.isPresent(), "needs a JDK 21+ for virtual threads: none found (this JVM is "
                + Runtime.version().feature() + "; set POOLGUARD_JDK21_HOME or install one under /usr/lib/jvm)");
        Path log = Files.createTempFile("poolguard-vthreads", ".log");
        Process child = new ProcessBuilder(java.get().toString(), "-cp", System.getProperty("java.class.path"),
                "-Djdk.virtualThreadScheduler.parallelism=2", VirtualThreadsMain.class.getName(), Pg.server().url(), "1000", "8", "3")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(child.waitFor(4, TimeUnit.MINUTES)).as("the child finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).as("every call made it").contains("CALLS 9000");
        List<String> pinned = out.lines().filter(l -> l.startsWith("PINNED ")).collect(Collectors.toList());
        assertThat(pinned).as("carriers pinned inside Poolguard, HikariCP or pgjdbc").isEmpty();
        assertThat(out).contains("PINNED-ELSEWHERE");
    }

    /** Finds a JDK whose {@code java} runs virtual threads. */
    static final class Jdk21 {

        private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

        private Jdk21() {
        }

        static Optional<Path> java() throws IOException {
            if (Runtime.version().feature() >= 21) {
                return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"));
            }
            String home = System.getenv("POOLGUARD_JDK21_HOME");
            if (home != null && feature(Path.of(home)) >= 21) {
                return Optional.of(Path.of(home, "bin", "java"));
            }
            Path jvms = Path.of("/usr/lib/jvm");
            if (!Files.isDirectory(jvms)) {
                return Optional.empty();
            }
            try (Stream<Path> homes = Files.list(jvms)) {
                return homes.filter(h -> feature(h) >= 21 && Files.isExecutable(h.resolve("bin/java")))
                        .max(Comparator.comparingInt(Jdk21::feature)).map(h -> h.resolve("bin/java"));
            }
        }

        /** The JDK's feature version from its {@code release} file, 0 if it has none. */
        static int feature(Path home) {
            try {
                Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
                return m.find() ? Integer.parseInt(m.group(1)) : 0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
