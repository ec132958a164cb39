package dev.poolguard.internal;

import dev.poolguard.event.EventType;
import dev.poolguard.event.Severity;
import dev.poolguard.TaskRejectedException;
import dev.poolguard.internal.lease.CallSites;
import dev.poolguard.tasks.BackgroundTasks;
import dev.poolguard.tasks.Task;
import dev.poolguard.tasks.TaskInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The executor behind {@code db.tasks()}: bounded threads and queue, an error boundary around every task. */
final class TaskRunner implements BackgroundTasks {

    private static final Logger log = LoggerFactory.getLogger("dev.poolguard.Database");

    private final Engine engine;
    private final CallOptions options;
    private final int queueCapacity;
    private final ThreadPoolExecutor executor;
    private final Set<Entry> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private final java.util.concurrent.atomic.LongAdder submitted = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder failed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder rejected = new java.util.concurrent.atomic.LongAdder();

    TaskRunner(Engine engine, CallOptions options, int threads, int queueCapacity, String poolName) {
        this.engine = engine;
        this.options = options;
        this.queueCapacity = queueCapacity;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, poolName + "-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public CompletableFuture<Void> submit(String name, Map<String, String> context, Task task) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("task name is empty");
        }
        Objects.requireNonNull(task, "task");
        Map<String, String> ctx = context == null ? Map.of() : Map.copyOf(context);
        if (closing) {
            throw reject(name, ctx, "the database is closing");
        }
        Entry entry = new Entry(name, ctx, CallSites.here(), Instant.now());
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(entry);
        try {
            executor.execute(() -> run(entry, task, done));
            submitted.increment();
        } catch (RejectedExecutionException e) {
            pending.remove(entry);
            throw reject(name, ctx, closing ? "the database is closing" : "the background queue is full (" + executor.getQueue().size()
                    + " queued of " + queueCapacity + ", " + executor.getActiveCount() + " running)");
        }
        return done;
    }

    private TaskRejectedException reject(String name, Map<String, String> ctx, String why) {
        rejected.increment();
        String message = "task '" + name + "' " + ctx + " rejected: " + why + "; nothing was queued";
        Map<String, String> tags = new LinkedHashMap<>(ctx);
        tags.put("task", name);
        engine.emitter().task(EventType.TASK_REJECTED, Severity.WARNING, message, tags, null, CallSites.here());
        return new TaskRejectedException(message);
    }

    private void run(Entry entry, Task task, CompletableFuture<Void> done) {
        entry.running = true;
        try {
            engine.runAsTask(options, entry.context, task);
            done.complete(null);
        } catch (Throwable t) {
            failed.increment();
            Map<String, String> tags = new LinkedHashMap<>(entry.context);
            tags.put("task", entry.name);
            engine.emitter().task(EventType.TASK_FAILED, Severity.ERROR, "background task '" + entry.name + "' " + entry.context
                    + " failed: " + t + " (submitted at " + entry.submittedAt + ")", tags, t, entry.submittedAt);
            done.completeExceptionally(t);
            if (t instanceof Error && !(t instanceof AssertionError)) {
                throw (Error) t;
            }
        } finally {
            pending.remove(entry);
        }
    }

    @Override
    public List<TaskInfo> pending() {
        List<TaskInfo> out = new ArrayList<>();
        for (Entry e : pending) {
            out.add(new TaskInfo(e.name, e.context, e.submittedAt, e.submitted, e.running));
        }
        out.sort(java.util.Comparator.comparing(TaskInfo::submitted));
        return List.copyOf(out);
    }

    long[] counters() {
        return new long[]{submitted.sum(), failed.sum(), rejected.sum()};
    }

    @Override
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public int running() {
        return executor.getActiveCount();
    }

    /** Stops taking tasks and lets queued and running ones finish until the deadline; names the ones that did not. */
    void drain(long deadlineNanos) {
        closing = true;
        executor.shutdown();
        try {
            long wait = deadlineNanos - System.nanoTime();
            if (wait > 0) {
                executor.awaitTermination(wait, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pending.isEmpty()) {
            for (Entry e : pending) {
                log.warn("Poolguard background task '{}' {} ({}, submitted at {}) did not finish within the drain deadline; cancelled",
                        e.name, e.context, e.running ? "running" : "queued", e.submittedAt);
            }
            executor.shutdownNow();
            try {
                // the interrupted tasks complete their futures on their own threads: let them, so close() returns with
                // every task's future done
                executor.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }


    private static final class Entry {
        final String name;
        final Map<String, String> context;
        final String submittedAt;
        final Instant submitted;
        volatile boolean running;

        Entry(String name, Map<String, String> context, String submittedAt, Instant submitted) {
            this.name = name;
            this.context = context;
            this.submittedAt = submittedAt;
            this.submitted = submitted;
        }
    }
}
