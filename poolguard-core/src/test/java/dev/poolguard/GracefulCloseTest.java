package dev.poolguard;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GracefulCloseTest {

    @Test
    void closeRefusesNewCallsAndLetsInFlightOnesFinish() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Database db = Pg.builder().drainTimeout(Duration.ofSeconds(5)).build();
            CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(
                    () -> db.queryOne("select 7 from pg_sleep(0.8)", rs -> rs.getInt(1)).orElseThrow());
            await().atMost(Duration.ofSeconds(5)).until(() -> db.diagnostics().status().active() == 1);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(db::close);
            await().atMost(Duration.ofSeconds(2)).until(db::isClosed);
            assertThatThrownBy(() -> db.query("select 1", rs -> 1))
                    .isInstanceOf(DatabaseClosedException.class)
                    .hasMessageStartingWith("database is closing");
            assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo(7);
            closing.get(5, TimeUnit.SECONDS);
            assertThat(db.diagnostics().status().total()).isZero();
            assertThatThrownBy(() -> db.query("select 1", rs -> 1)).hasMessage("database is closed");
            assertThat(logs.text()).contains("draining 1 in-flight calls").contains("final pool status");
        }
    }

    @Test
    void drainDeadlineAbortsCallsThatDoNotFinish() {
        try (LogCapture logs = new LogCapture()) {
            Database db = Pg.builder().drainTimeout(Duration.ofMillis(300)).build();
            CompletableFuture<Object> stuck = CompletableFuture.supplyAsync(
                    () -> db.withConnection(c -> c.createStatement().execute("select pg_sleep(30)")));
            await().atMost(Duration.ofSeconds(5)).until(() -> db.diagnostics().status().active() == 1);
            long start = System.nanoTime();
            db.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThatThrownBy(() -> stuck.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(logs.text()).contains("drain deadline 300ms passed")
                    .contains("dev.poolguard.GracefulCloseTest.drainDeadlineAbortsCallsThatDoNotFinish(GracefulCloseTest.java:");
        }
    }

    @Test
    void sigtermClosesGracefullyThroughTheShutdownHook() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ShutdownHookMain.class.getName(),
                Pg.server().url()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("IN-FLIGHT")) {
                // wait until the child has a query running
            }
            assertThat(line).as("child reached its in-flight query").isNotNull();
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            List<String> rest = out.lines().collect(Collectors.toList());
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String text = String.join("\n", rest);
            assertThat(text).contains("RESULT 5").contains("final pool status");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aBuildThatFailsAfterThePoolStartedLeavesNothingRunning() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LateBuildMain.class.getName(),
                Pg.server().url(), Pg.server().jdbcUrl()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = out.lines().collect(Collectors.toList());
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("FAILED").contains("Shutdown in progress"))
                    .contains("THREADS []", "BACKENDS 0");
        } finally {
            p.destroyForcibly();
        }
    }
}
