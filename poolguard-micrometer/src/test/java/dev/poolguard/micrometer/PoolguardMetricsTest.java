package dev.poolguard.micrometer;

import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.Database;
import dev.poolguard.DatabaseBuilder;
import dev.poolguard.TaskRejectedException;
import dev.poolguard.embedded.SharedPostgres;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real PostgreSQL, real Prometheus registry; every assertion reads the parsed text exposition. */
class PoolguardMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    static DatabaseBuilder builder(String poolName) {
        return Database.builder().url(SharedPostgres.server().url()).poolName(poolName).minIdle(0)
                .connectionTimeout(Duration.ofSeconds(2)).drainTimeout(Duration.ofSeconds(2));
    }

    private static PrometheusText scrape(PrometheusMeterRegistry registry) {
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void openTelemetryPoolMetricsMoveWithRealWork() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        try (Database db = builder("orders").maxPoolSize(2).connectionTimeout(Duration.ofMillis(400)).build();
             PoolguardMetrics metrics = new PoolguardMetrics(db, Tags.of("service", "billing"))) {
            metrics.bindTo(registry);
            for (int i = 0; i < 10; i++) {
                db.queryOne("select 1", rs -> rs.getInt(1));
            }
            PrometheusText t = scrape(registry);
            assertThat(t.type("db_client_connection_count")).isEqualTo("gauge");
            assertThat(t.type("db_client_connection_wait_time_seconds")).isEqualTo("summary");
            assertThat(t.type("db_client_connection_timeouts_total")).isEqualTo("counter");
            assertThat(t.value("db_client_connection_max", "pool_name", "orders", "service", "billing")).isEqualTo(2);
            assertThat(t.value("db_client_connection_wait_time_seconds_count", "pool_name", "orders")).isEqualTo(10);
            assertThat(t.value("db_client_connection_use_time_seconds_count", "pool_name", "orders")).isEqualTo(10);
            assertThat(t.value("db_client_connection_count", "pool_name", "orders", "state", "used")).isZero();
            assertThat(t.value("poolguard_route", "pool_name", "orders", "mode", "direct")).as("detected on the first connection").isEqualTo(1);
            assertThat(t.value("poolguard_route", "pool_name", "orders", "mode", "transaction")).isZero();
            assertThat(t.value("poolguard_pooler_refusals_total", "pool_name", "orders")).isZero();
            assertThat(t.value("db_client_connection_create_time_seconds_count", "pool_name", "orders")).isPositive();

            CompletableFuture<?> holders = CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> holdUntil(db, release)),
                    CompletableFuture.runAsync(() -> holdUntil(db, release)));
            await().atMost(WAIT).until(() -> scrape(registry).value("db_client_connection_count", "state", "used") == 2);
            assertThat(scrape(registry).value("db_client_connection_count", "state", "idle")).isZero();

            CompletableFuture<Integer> starved = CompletableFuture.supplyAsync(() -> db.queryOne("select 2", rs -> rs.getInt(1)).orElseThrow());
            await().atMost(WAIT).until(() -> scrape(registry).value("db_client_connection_pending_requests") == 1);
            assertThatThrownBy(() -> starved.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionUnavailableException.class);
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText s = scrape(registry);
                assertThat(s.value("db_client_connection_timeouts_total", "pool_name", "orders")).isEqualTo(1);
                assertThat(s.value("db_client_connection_pending_requests")).isZero();
                assertThat(s.value("poolguard_events_total", "type", "pool_exhausted")).isEqualTo(1);
                assertThat(s.value("poolguard_errors_total", "error_type", "pool_exhausted", "expected", "false")).isEqualTo(1);
            });

            release.countDown();
            holders.get(5, TimeUnit.SECONDS);
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText s = scrape(registry);
                assertThat(s.value("db_client_connection_count", "state", "used")).isZero();
                assertThat(s.value("db_client_connection_use_time_seconds_count")).isEqualTo(12);
                // The two holders each held a connection while the starved caller waited out its 400ms.
                assertThat(s.value("db_client_connection_use_time_seconds_sum")).isGreaterThan(0.8);
                assertThat(s.value("db_client_connection_use_time_seconds_max")).isGreaterThan(0.4);
            });
        } finally {
            release.countDown();
        }
    }

    private static void holdUntil(Database db, CountDownLatch release) {
        db.withConnection(c -> {
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    @Test
    void errorsRetriesLeaksRevokedLeasesAndTasksAreCounted() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        try (Database db = builder("jobs").maxPoolSize(3).leakThreshold(Duration.ofSeconds(1))
                .reclaimAfter(Duration.ofSeconds(2)).heldIdleThreshold(Duration.ZERO).backgroundTasks(1, 1).build();
             PoolguardMetrics metrics = new PoolguardMetrics(db)) {
            metrics.bindTo(registry);
            PrometheusText before = scrape(registry);
            assertThat(before.value("poolguard_retries_total")).isZero();
            assertThat(before.find("poolguard_errors_total")).isEmpty();

            assertThatThrownBy(() -> db.update("insert into nowhere values (?)", "Bind-Secret"));
            await().atMost(WAIT).until(() -> scrape(registry).find("poolguard_errors_total", "error_type", "data", "expected", "false").size() == 1);
            assertThat(scrape(registry).value("poolguard_errors_total", "error_type", "data")).isEqualTo(1);
            assertThat(scrape(registry).value("poolguard_events_total", "type", "query_error")).isEqualTo(1);

            // A transaction whose backend is terminated mid-way runs again (a first statement on a stale connection
            // would be a replacement, not a retry).
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> db.transaction(tx -> {
                tx.queryOne("select 1", rs -> 1);
                return tx.queryOne("select 7 from pg_sleep(0.3) /* metrics-retry */", rs -> rs.getInt(1)).orElseThrow();
            }));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> terminate("metrics-retry"));
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(7);
            assertThat(scrape(registry).value("poolguard_retries_total")).isEqualTo(1);

            // Held past the leak threshold, then revoked.
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
                try {
                    holdUntil(db, release);
                } catch (RuntimeException revoked) {
                    // the lease was revoked under it: expected here
                }
            });
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText s = scrape(registry);
                assertThat(s.value("poolguard_leaks_total")).isEqualTo(1);
                assertThat(s.value("poolguard_leases_revoked_total")).isEqualTo(1);
            });

            // One task runs, one waits in the queue, the third is refused; the queued one fails.
            CountDownLatch taskGate = new CountDownLatch(1);
            db.tasks().submit("blocker", java.util.Map.of(), () -> taskGate.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> failing = db.tasks().submit("failing", java.util.Map.of(), () -> {
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(() -> db.tasks().submit("refused", java.util.Map.of(), () -> { }))
                    .isInstanceOf(TaskRejectedException.class);
            taskGate.countDown();
            assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText s = scrape(registry);
                assertThat(s.value("poolguard_tasks_submitted_total")).isEqualTo(2);
                assertThat(s.value("poolguard_tasks_failed_total")).isEqualTo(1);
                assertThat(s.value("poolguard_tasks_rejected_total")).isEqualTo(1);
                assertThat(s.value("poolguard_events_total", "type", "task_failed")).isEqualTo(1);
            });
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
    }

    /** Terminates the backend running the statement tagged {@code marker}; true once one was terminated. */
    private static boolean terminate(String marker) throws Exception {
        try (Connection c = SharedPostgres.server().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_terminate_backend(pid) from pg_stat_activity where query like '%"
                     + marker + "%' and state = 'active' and pid <> pg_backend_pid()")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    @Test
    void workloadsShowTheirUseAndBudgetAndLateOnesAppearWithTheNextEvent() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        try (Database db = builder("wl").maxPoolSize(4).workloadLimit("reports", 2).build();
             PoolguardMetrics metrics = new PoolguardMetrics(db)) {
            metrics.bindTo(registry);
            PrometheusText t = scrape(registry);
            assertThat(t.value("poolguard_workload_connections_max", "workload", "reports")).isEqualTo(2);
            assertThat(t.find("poolguard_workload_connections_max", "workload", "default")).isEmpty();
            assertThat(t.value("poolguard_workload_connections_used", "workload", "default")).isZero();

            Database reports = db.workload("reports");
            CompletableFuture<Void> holding = CompletableFuture.runAsync(() -> holdUntil(reports, release));
            await().atMost(WAIT).until(() -> scrape(registry).value("poolguard_workload_connections_used", "workload", "reports") == 1);
            assertThat(scrape(registry).value("poolguard_workload_connections_used", "workload", "default")).isZero();

            Database adhoc = db.workload("adhoc");
            assertThat(scrape(registry).find("poolguard_workload_connections_used", "workload", "adhoc")).isEmpty();
            assertThatThrownBy(() -> adhoc.update("insert into nowhere values (1)"));
            await().atMost(WAIT).until(() -> scrape(registry).find("poolguard_workload_connections_used", "workload", "adhoc").size() == 1);
            release.countDown();
            holding.get(5, TimeUnit.SECONDS);
            assertThat(scrape(registry).value("poolguard_workload_connections_used", "workload", "reports")).isZero();
        } finally {
            release.countDown();
        }
    }

    @Test
    void tagsStayLowCardinality() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Database db = builder("tags").build(); PoolguardMetrics metrics = new PoolguardMetrics(db)) {
            metrics.bindTo(registry);
            db.query("select relname from pg_class limit 3", rs -> rs.getString(1));
            assertThatThrownBy(() -> db.queryOne("select ?::int", rs -> 1, "Bind-Secret"));
            assertThatThrownBy(() -> db.update("insert into nowhere values (1)"));
            await().atMost(WAIT).until(() -> scrape(registry).find("poolguard_errors_total").size() == 1);
            String text = registry.scrape();
            PrometheusText t = PrometheusText.parse(text);
            Set<String> allowed = Set.of("pool_name", "state", "error_type", "expected", "type", "workload", "quantile", "mode");
            assertThat(t.samples()).allSatisfy(s -> assertThat(allowed).containsAll(s.labels().keySet()));
            assertThat(text).doesNotContain("select").doesNotContain("insert").doesNotContain("Bind-Secret")
                    .doesNotContain("PoolguardMetricsTest").doesNotContain("pg_class");
            assertThat(t.samples().stream().filter(s -> s.name().startsWith("poolguard_") || s.name().startsWith("db_client_"))
                    .map(s -> s.labels().get("pool_name"))).containsOnly("tags");
        }
    }

    @Test
    void oneBinderServesSeveralRegistries() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        try (Database db = builder("both").build(); PoolguardMetrics metrics = new PoolguardMetrics(db)) {
            metrics.bindTo(prometheus);
            metrics.bindTo(simple);
            for (int i = 0; i < 3; i++) {
                db.queryOne("select 1", rs -> 1);
            }
            assertThat(scrape(prometheus).value("db_client_connection_wait_time_seconds_count")).isEqualTo(3);
            assertThat(simple.get("db.client.connection.wait_time").timer().count()).isEqualTo(3);
            assertThat(simple.get("poolguard.retries").functionCounter().count()).isZero();
            metrics.close();
            assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("pool 'both' is closed");
        }
    }

    @Test
    void theParserRejectsMalformedExpositions() {
        assertThatThrownBy(() -> PrometheusText.parse("x 1\n")).hasMessageContaining("line 1: sample x has no TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=\"1\" 1\n")).hasMessageContaining("line 2: not a sample");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=1} 1\n")).hasMessageContaining("malformed labels");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx one\n")).hasMessageContaining("'one' is not a number");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx 1\nx 2\n")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx_total 1\n")).hasMessageContaining("has no TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx 1")).hasMessageContaining("newline");
        PrometheusText ok = PrometheusText.parse("# HELP x_total says \"hi\"\n# TYPE x counter\nx_total{a=\"q\\\"uote\",b=\"\"} 3.0\n");
        assertThat(ok.value("x_total", "a", "q\"uote", "b", "")).isEqualTo(3.0);
    }

    /** docs/observability.md's example: bind, then scrape. */
    @Test
    void theDocumentedBindingScrapesPoolguardsMetrics() {
        try (Database db = builder("docs").build()) {
            db.queryOne("select 1", rs -> rs.getInt(1));
            // snippet: bind
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            PoolguardMetrics metrics = new PoolguardMetrics(db, Tags.of("service", "calls-api"));  // extra tags are optional
            metrics.bindTo(registry);
            String scrape = registry.scrape();   // Prometheus text format: serve it at /metrics (the dashboard does)
            // end snippet
            metrics.close();
            assertThat(scrape).contains("db_client_connection_max{pool_name=\"docs\",service=\"calls-api\"} 20");
        }
    }
}
