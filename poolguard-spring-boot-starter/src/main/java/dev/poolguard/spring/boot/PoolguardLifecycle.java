package dev.poolguard.spring.boot;

import dev.poolguard.Database;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the database gracefully when the application stops: new borrows are refused, in-flight calls, held
 * connections and background tasks get {@code poolguard.drain-timeout}, then the pool closes. Its phase is below the web
 * server's, so requests have been drained by the server first; beans destroyed after the lifecycle stops (Hibernate
 * dropping a schema with {@code ddl-auto=create-drop}) find the database closed.
 */
public class PoolguardLifecycle implements SmartLifecycle {

    /** Below {@code WebServerStartStopLifecycle} (DEFAULT_PHASE - 2048), which stops the server after its graceful drain. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final Database db;
    private volatile boolean running;

    public PoolguardLifecycle(Database db) {
        this.db = db;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        db.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
