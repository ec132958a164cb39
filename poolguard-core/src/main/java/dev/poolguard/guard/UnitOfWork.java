package dev.poolguard.guard;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A scope in which repeated statements are counted for N+1 detection: a transaction, an explicit
 * {@code db.unitOfWork(...)}, or one HTTP request ({@code db.beginUnitOfWork("GET /calls")} in a before-handler,
 * {@code close()} in the after-handler). Bound to the thread that began it; nested ones join the outer one.
 * Not thread-safe: one thread runs a unit of work.
 */
public final class UnitOfWork implements AutoCloseable {

    private final String name;
    private final Runnable onClose;
    private Map<String, Shape> shapes;
    private boolean closed;

    public UnitOfWork(String name, Runnable onClose) {
        this.name = name;
        this.onClose = onClose;
    }

    public String name() {
        return name;
    }

    /**
     * Counts one execution of a shape with a parameter hash; returns how many different parameter sets the shape has
     * run with in this unit of work, the first time it exceeds {@code threshold} (else 0).
     */
    public int record(String fingerprint, int parameterHash, int threshold) {
        if (shapes == null) {
            shapes = new HashMap<>();
        }
        Shape shape = shapes.computeIfAbsent(fingerprint, k -> new Shape());
        shape.executions++;
        if (shape.reported || shape.parameters.size() > threshold) {
            return 0;
        }
        shape.parameters.add(parameterHash);
        if (shape.parameters.size() > threshold) {
            shape.reported = true;
            return shape.parameters.size();
        }
        return 0;
    }

    /** Executions of a shape so far. */
    public int executions(String fingerprint) {
        Shape s = shapes == null ? null : shapes.get(fingerprint);
        return s == null ? 0 : s.executions;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    private static final class Shape {
        int executions;
        boolean reported;
        final Set<Integer> parameters = new HashSet<>();
    }
}
