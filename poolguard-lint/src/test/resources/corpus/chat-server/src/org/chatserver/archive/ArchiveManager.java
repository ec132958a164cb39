package org.chatserver.archive;

import org.chatserver.util.TaskEngine;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Message archiving: batches flushed to the database in the background. */
public class ArchiveManager {

    private final ArchivePersistence persistence;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong flushes = new AtomicLong();
    private final List<String> pending = new ArrayList<>();

    public ArchiveManager(ArchivePersistence persistence, ExecutorService executor, ScheduledExecutorService scheduler) {
        this.persistence = persistence;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    public void flush() {
        TaskEngine.getInstance().submit(() -> { // expect: fire-and-forget
            List<String> batch = drain();
            persistence.saveBatch(batch);
        });
    }

    public void purge(int days) {
        TaskEngine.getInstance().submit(() -> {
            try {
                persistence.purgeOlderThan(days);
            } catch (SQLException e) {
                persistence.log("purge failed", e); // ok: handled
            }
        });
    }

    public void archiveNow() {
        executor.submit(() -> { // expect: fire-and-forget
            try {
                persistence.saveBatch(drain());
            } catch (SQLException e) {
                throw new IllegalStateException(e); // only rethrown: into a future nobody reads
            }
        });
    }

    public void start() {
        scheduler.scheduleAtFixedRate(this::flushBatch, 5, 5, TimeUnit.SECONDS); // expect: fire-and-forget
        scheduler.scheduleAtFixedRate(() -> flushes.incrementAndGet(), 1, 1, TimeUnit.SECONDS); // ok: cannot throw
    }

    private void flushBatch() {
        persistence.saveBatch(drain());
    }

    private synchronized List<String> drain() {
        List<String> batch = new ArrayList<>(pending);
        pending.clear();
        return batch;
    }
}
