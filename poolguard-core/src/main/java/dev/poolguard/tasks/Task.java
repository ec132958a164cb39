package dev.poolguard.tasks;

/** Work run in the background. Database calls made inside count against the {@code background} workload. */
@FunctionalInterface
public interface Task {
    void run() throws Exception;
}
