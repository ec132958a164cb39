package dev.poolguard.tasks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs work off the caller's thread, in the {@code background} workload, on a bounded executor and queue.
 *
 * <pre>{@code
 * db.tasks().submit("campaign-summary", Map.of("campaign_id", id, "user_id", owner),
 *         () -> summaries.send(id));
 * }</pre>
 *
 * A failure emits {@code TASK_FAILED} with the context as tags, the task name and the stack; it never reaches the
 * caller's thread and never disappears silently. A full queue emits {@code TASK_REJECTED} and throws
 * {@link dev.poolguard.TaskRejectedException} to the caller.
 */
public interface BackgroundTasks {

    /**
     * Queues a task. The returned future completes when it finishes (exceptionally if it failed); observing it is
     * optional, the failure is reported either way.
     *
     * @throws dev.poolguard.TaskRejectedException when the queue is full or the database is closing
     */
    CompletableFuture<Void> submit(String name, Map<String, String> context, Task task);

    /** Tasks queued or running now. */
    List<TaskInfo> pending();

    /** Tasks waiting for a thread. */
    int queued();

    /** Tasks running now. */
    int running();
}
