package dev.poolguard.diagnostics;

import dev.poolguard.Database;
import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventType;
import dev.poolguard.LogCapture;
import dev.poolguard.Pg;
import dev.poolguard.RecordingReporter;
import dev.poolguard.event.Severity;
import dev.poolguard.TaskRejectedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class BackgroundTasksTest {

    @Test
    void aFailingTaskIsReportedWithItsContextAndNeverReachesTheCaller() throws Exception {
        RecordingReporter events = new RecordingReporter();
        try (Database db = Pg.builder().addReporter(events).build()) {
            AtomicReference<String> workload = new AtomicReference<>();
            CompletableFuture<Void> done = db.tasks().submit("campaign-summary", Map.of("campaign_id", "42", "user_id", "7"), () -> {
                workload.set(db.diagnostics().leases().isEmpty() ? null : "checked");
                db.withConnection(c -> {
                    workload.set(db.diagnostics().leases().get(0).workload());
                    return null;
                });
                db.query("select * from no_such_summary_table", rs -> 1);
            });
            assertThatThrownBy(() -> done.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(workload.get()).isEqualTo("background");
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.TASK_FAILED).size() == 1);
            DiagnosticEvent failed = events.of(EventType.TASK_FAILED).get(0);
            assertThat(failed.severity()).isEqualTo(Severity.ERROR);
            assertThat(failed.tags()).containsEntry("campaign_id", "42").containsEntry("user_id", "7").containsEntry("task", "campaign-summary");
            assertThat(failed.message()).contains("background task 'campaign-summary'").contains("submitted at dev.poolguard.diagnostics.BackgroundTasksTest");
            assertThat(failed.error()).isNotNull();
            assertThat(failed.context().callSite()).as("the event points at the submit, not the executor")
                    .startsWith("dev.poolguard.diagnostics.BackgroundTasksTest.");
            // the query error inside the task carries the task's context too
            assertThat(events.of(EventType.QUERY_ERROR)).anySatisfy(e -> assertThat(e.tags()).containsEntry("campaign_id", "42"));
        }
    }

    @Test
    void aFullQueueIsAClearRejectionNotASilentDrop() throws Exception {
        RecordingReporter events = new RecordingReporter();
        CountDownLatch block = new CountDownLatch(1);
        try (Database db = Pg.builder().backgroundTasks(1, 2).addReporter(events).build()) {
            for (int i = 0; i < 3; i++) { // one running, two queued
                db.tasks().submit("slow", Map.of("n", Integer.toString(i)), () -> block.await(10, TimeUnit.SECONDS));
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> db.tasks().running() == 1);
            assertThat(db.tasks().queued()).isEqualTo(2);
            assertThat(db.tasks().pending()).hasSize(3).allSatisfy(t ->
                    assertThat(t.submittedAt()).startsWith("dev.poolguard.diagnostics.BackgroundTasksTest.aFullQueueIsAClearRejectionNotASilentDrop("));
            assertThatThrownBy(() -> db.tasks().submit("email", Map.of("campaign_id", "9"), () -> { }))
                    .isInstanceOf(TaskRejectedException.class)
                    .hasMessageContaining("task 'email' {campaign_id=9} rejected: the background queue is full (2 queued of 2, 1 running)");
            await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.TASK_REJECTED).size() == 1);
            assertThat(events.of(EventType.TASK_REJECTED).get(0).context().callSite())
                    .startsWith("dev.poolguard.diagnostics.BackgroundTasksTest.");
            block.countDown();
            await().atMost(Duration.ofSeconds(3)).until(() -> db.tasks().pending().isEmpty());
        }
    }

    @Test
    void closeDrainsTasksAndNamesTheOnesThatDidNotFinish() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Database db = Pg.builder().backgroundTasks(1, 10).drainTimeout(Duration.ofMillis(1500)).build();
            // Connected (and its route detected) before the clock starts: the drain deadline is for the task's own work.
            db.queryOne("select 1", rs -> 1);
            CompletableFuture<Void> quick = db.tasks().submit("quick", Map.of(), () -> db.query("select pg_sleep(0.2)", rs -> 1));
            CompletableFuture<Void> endless = db.tasks().submit("endless", Map.of("campaign_id", "5"), () -> Thread.sleep(60_000));
            db.close();
            assertThat(quick).isCompleted();
            assertThat(quick.isCompletedExceptionally()).isFalse();
            assertThat(logs.text()).contains("background task 'endless' {campaign_id=5}").contains("did not finish within the drain deadline");
            assertThatThrownBy(() -> db.tasks().submit("late", Map.of(), () -> { }))
                    .isInstanceOf(TaskRejectedException.class).hasMessageContaining("the database is closing");
            assertThat(endless.isDone()).isTrue();
        }
    }
}
