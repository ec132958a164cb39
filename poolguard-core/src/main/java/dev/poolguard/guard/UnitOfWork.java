package dev.poolguard.guard;

import java.util.HashMap;
import java.util.Map;

/**
 * A scope in which repeated statements are counted for N+1 detection: a transaction, an explicit
 * {@code db.unitOfWork(...)}, or one HTTP request ({@code db.unitOfWork("GET /calls")} in a before-handler,
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
        Shape shape = shapes.get(fingerprint);
        if (shape == null) {
            shape = new Shape();
            shapes.put(fingerprint, shape);
        }
        shape.executions++;
        if (shape.reported || !shape.added(parameterHash)) {
            return 0;
        }
        if (shape.distinct > threshold) {
            shape.reported = true;
            return shape.distinct;
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

    /**
     * One statement shape's executions and its distinct parameter hashes, counted up to the threshold in an
     * open-addressed set of ints: no boxing per execution.
     */
    private static final class Shape {
        int executions;
        boolean reported;
        int distinct;
        private boolean hasZero;
        private int[] hashes = new int[16];

        /** @return whether {@code hash} had not been seen */
        boolean added(int hash) {
            if (hash == 0) {
                if (hasZero) {
                    return false;
                }
                hasZero = true;
                distinct++;
                return true;
            }
            int mask = hashes.length - 1;
            for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
                if (hashes[i] == hash) {
                    return false;
                }
                if (hashes[i] == 0) {
                    hashes[i] = hash;
                    if (++distinct * 2 > hashes.length) {
                        grow();
                    }
                    return true;
                }
            }
        }

        private void grow() {
            int[] old = hashes;
            hashes = new int[old.length * 2];
            int mask = hashes.length - 1;
            for (int h : old) {
                if (h != 0) {
                    int i = spread(h) & mask;
                    while (hashes[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    hashes[i] = h;
                }
            }
        }

        private static int spread(int h) {
            return h * 0x9E3779B9;
        }
    }
}
