package dev.poolguard.bench;

import dev.poolguard.bench.pools.Pool;
import dev.poolguard.bench.pools.Subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stub cycles on platform threads against virtual threads (JDK 21 or later): {@code threads} threads share a pool
 * of {@code poolSize} connections, each cycling back to back; after the warm-up, the operations all of them completed
 * are counted over the wall-clock time. (JMH's throughput adds up per-thread scores, which a thousand virtual threads
 * taking turns on two carriers inflate beyond meaning.)
 *
 * <pre>
 * java -cp 'poolguard-bench-0.1.0-SNAPSHOT.jar:lib/*' dev.poolguard.bench.ThreadKinds \
 *     platform|virtual poolguard|hikari connection|query threads poolSize warmupSeconds seconds
 * </pre>
 *
 * Prints one line: {@code THREADS kind=virtual pool=poolguard cycle=query threads=1000 pool_size=8 ops_per_sec=...}.
 * Compiled for JDK 17, so virtual threads are made by reflection.
 */
public final class ThreadKinds {

    private ThreadKinds() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: ThreadKinds platform|virtual pool connection|query threads poolSize warmupSeconds seconds");
        }
        String kind = args[0];
        Pool pool = Pool.of(args[1]);
        String cycle = args[2];
        int threads = Integer.parseInt(args[3]);
        int poolSize = Integer.parseInt(args[4]);
        long warmup = Long.parseLong(args[5]);
        long seconds = Long.parseLong(args[6]);
        if (!cycle.equals("connection") && !cycle.equals("query")) {
            throw new IllegalArgumentException("cycle '" + cycle + "' must be connection or query");
        }
        ThreadFactory factory = factory(kind);
        LongAdder ops = new LongAdder();
        Phase phase = new Phase();
        try (Subject subject = StubCycles.open(pool, poolSize, poolSize, "bench-threads", false)) {
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = factory.newThread(() -> {
                    try {
                        while (!phase.stop) {
                            Object result = cycle.equals("query") ? StubCycles.query(subject.db(), subject.dataSource())
                                    : StubCycles.connection(subject.db(), subject.dataSource());
                            if (phase.counting && result != null) {
                                ops.increment();
                            }
                        }
                    } catch (Exception e) {
                        phase.failure = e;
                        phase.stop = true;
                    }
                });
                workers.add(t);
                t.start();
            }
            TimeUnit.SECONDS.sleep(warmup);
            phase.counting = true;
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            phase.counting = false;
            long elapsed = System.nanoTime() - start;
            long done = ops.sum();
            phase.stop = true;
            for (Thread t : workers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (phase.failure != null) {
                throw new IllegalStateException("a worker failed", phase.failure);
            }
            System.out.printf(Locale.ROOT, "THREADS kind=%s pool=%s cycle=%s threads=%d pool_size=%d ops_per_sec=%.0f java=%s%n", kind,
                    args[1], cycle, threads, poolSize, done / (elapsed / 1e9), Runtime.version());
        }
    }

    /** Written by the main thread, read by the workers. */
    private static final class Phase {
        volatile boolean counting;
        volatile boolean stop;
        volatile Exception failure;
    }

    private static ThreadFactory factory(String kind) throws ReflectiveOperationException {
        if (kind.equals("platform")) {
            return r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            };
        }
        if (!kind.equals("virtual")) {
            throw new IllegalArgumentException("thread kind '" + kind + "' must be platform or virtual");
        }
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
    }
}
