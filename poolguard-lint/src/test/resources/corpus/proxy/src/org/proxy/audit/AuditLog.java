package org.proxy.audit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

/** Writes audit events in the background, and borrows connections itself to do it. */
public class AuditLog {

    private final DataSource dataSource;
    private final ExecutorService executor;
    private final CountDownLatch started = new CountDownLatch(1);
    private final BatchQueue batchQueue;

    public AuditLog(DataSource dataSource, ExecutorService executor, BatchQueue batchQueue) {
        this.dataSource = dataSource;
        this.executor = executor;
        this.batchQueue = batchQueue;
    }

    public void record(String event) {
        CompletableFuture.runAsync(() -> write(event)); // expect: fire-and-forget
    }

    public void rotateLater() {
        new Thread(() -> rotate()).start(); // expect: fire-and-forget
        executor.execute(() -> flush()); // expect: fire-and-forget
        executor.execute(() -> started.countDown()); // ok: cannot throw
    }

    public void enrich(String event) {
        CompletableFuture.supplyAsync(() -> lookup(event)).thenAccept(this::write); // expect: fire-and-forget
    }

    public void shipLater(String event) {
        Thread.ofVirtual().name("audit-ship").start(() -> write(event)); // expect: fire-and-forget
        Thread.ofVirtual().uncaughtExceptionHandler((t, e) -> report(e)).start(() -> write(event)); // ok: handled
    }

    private void report(Throwable e) {
        batchQueue.describe(e.toString());
    }

    /** BatchQueue retries and logs a failing batch itself; the lint cannot see that. */
    public void index(String event) {
        batchQueue.submit(() -> write(event)); // wrong: fire-and-forget
    }

    private void write(String event) {
        try (Connection c = dataSource.getConnection(); // expect: pool-bypass
             PreparedStatement ps = c.prepareStatement("INSERT INTO audit (event) VALUES (?)")) {
            ps.setString(1, event);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String lookup(String event) {
        return batchQueue.describe(event);
    }

    private void rotate() {
        write("rotate");
    }

    private void flush() {
        write("flush");
    }

    interface BatchQueue {
        void submit(Runnable batch);

        String describe(String event);
    }
}
