package dev.poolguard.example.calls;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Graceful shutdown: in-flight requests and tasks finish, new requests are refused, the pool closes. */
class ShutdownTest {

    @Test
    void closeFinishesInFlightRequestsAndTasksThenClosesThePool() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        AtomicBoolean taskFinished = new AtomicBoolean();
        Harness h = Harness.start(1, Harness.fastTelephony(), b -> b.mount(routes -> routes.get("/test/slow", ctx -> {
            inside.countDown();
            ctx.json(h0().db().queryOne("select 'done' from pg_sleep(0.6)", rs -> rs.getString(1)).orElseThrow());
        })));
        HOLDER[0] = h;
        try {
            CompletableFuture<Http.Response> slow = CompletableFuture.supplyAsync(() -> h.http().get("/test/slow"));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
            h.db().tasks().submit("slow-task", Map.of(), () -> {
                h.db().queryOne("select 1 from pg_sleep(0.4)", rs -> rs.getInt(1));
                taskFinished.set(true);
            });
            long start = System.nanoTime();
            h.service().close();
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            Http.Response r = slow.get(5, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().asText()).isEqualTo("done");
            assertThat(taskFinished).isTrue();
            assertThat(h.db().isClosed()).isTrue();
            assertThat(tookMs).isLessThan(5_000);
            assertThatThrownBy(() -> h.http().get("/health")).isInstanceOf(UncheckedIOException.class);
        } finally {
            h.services.clear();
            h.provider.close();
        }
    }

    private static final Harness[] HOLDER = new Harness[1];

    private static Harness h0() {
        return HOLDER[0];
    }

    @Test
    void sigtermStopsAChildServiceGracefully() throws Exception {
        String url = TestDatabases.fresh();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("DATABASE_URL", url);
        env.put("CALLS_PORT", "0");
        env.put("TWILIO_AUTH_TOKEN", Harness.TOKEN);
        env.put("POOLGUARD_QUERY_GUARD", "strict"); // the whole suite runs in strict mode, the child too
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process child = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the child exited
            }
        });
        reader.start();
        try {
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            String base = await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().map(listening::matcher)
                    .filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse(null), u -> u != null);
            assertThat(new Http(URI.create(base)).get("/health").status()).isEqualTo(200);

            child.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as(String.join("\n", lines)).isTrue();
            reader.join(5000);
            assertThat(child.exitValue()).isEqualTo(143); // the JVM's status after SIGTERM once its hooks finished
            assertThat(lines).anyMatch(l -> l.contains("stopping: no new requests"));
            assertThat(lines).anyMatch(l -> l.contains("Poolguard poolguard closed"));
            assertThat(lines).anyMatch(l -> l.matches(".*calls service .* stopped in \\d+ ms.*"));
        } finally {
            child.destroyForcibly();
        }
    }
}
