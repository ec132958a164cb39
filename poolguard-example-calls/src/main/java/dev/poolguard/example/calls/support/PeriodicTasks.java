package dev.poolguard.example.calls.support;

import dev.poolguard.Database;
import dev.poolguard.TaskRejectedException;
import dev.poolguard.tasks.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs recurring work as Poolguard background tasks: one timer thread submits each job to {@code db.tasks()} every
 * interval, unless as many copies as the job may run at once are still running. So the work itself gets the task
 * runner's error boundary ({@code TASK_FAILED} with context), its {@code background} connection budget, and the drain
 * on close; the timer thread never touches the database.
 */
public final class PeriodicTasks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTasks.class);

    private final Database db;
    private final ScheduledExecutorService timer;
    private final List<Job> jobs = new ArrayList<>();

    public PeriodicTasks(Database db, String threadName) {
        this.db = db;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Submits {@code task} every {@code interval}, with at most {@code concurrency} copies running. */
    public void every(Duration interval, String name, int concurrency, Task task) {
        Job job = new Job(name, concurrency, task);
        jobs.add(job);
        timer.scheduleWithFixedDelay(() -> submit(job), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void submit(Job job) {
        // the timer must survive anything: an exception here would silently cancel the schedule
        try {
            while (job.running.get() < job.concurrency) {
                job.running.incrementAndGet();
                try {
                    db.tasks().submit(job.name, Map.of(), job.task).whenComplete((ok, failure) -> job.running.decrementAndGet());
                } catch (RuntimeException e) {
                    job.running.decrementAndGet();
                    throw e;
                }
            }
        } catch (TaskRejectedException e) {
            log.debug("{} not submitted: {}", job.name, e.getMessage());
        } catch (RuntimeException e) {
            if (!db.isClosed()) {
                log.warn("{} not submitted: {}", job.name, e.toString());
            }
        }
    }

    /** Copies of the job running or queued now. */
    public int running(String name) {
        return jobs.stream().filter(j -> j.name.equals(name)).mapToInt(j -> j.running.get()).sum();
    }

    /** Stops submitting; tasks already submitted finish (the database's close drains them). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Job {
        final String name;
        final int concurrency;
        final Task task;
        final AtomicInteger running = new AtomicInteger();

        Job(String name, int concurrency, Task task) {
            this.name = name;
            this.concurrency = concurrency;
            this.task = task;
        }
    }
}
