package dev.poolguard.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Readers and writers calling a target back to back until stopped, each call recorded on the timeline. */
final class Load {

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongAdder writesAcked = new LongAdder();

    private Load() {
    }

    /** Starts {@code readers} point-select threads and {@code writers} transaction threads. */
    static Load start(Target target, Timeline timeline, int readers, int writers, String run, Consumer<Throwable> onFailure) {
        Load load = new Load();
        for (int i = 0; i < readers + writers; i++) {
            boolean writer = i >= readers;
            long seed = 7919L * (i + 1);
            Thread t = new Thread(() -> load.work(target, timeline, writer, run, new SplittableRandom(seed), onFailure),
                    (writer ? "chaos-writer-" : "chaos-reader-") + i);
            t.setDaemon(true);
            load.threads.add(t);
            t.start();
        }
        return load;
    }

    private void work(Target target, Timeline timeline, boolean writer, String run, SplittableRandom random, Consumer<Throwable> onFailure) {
        while (!stop.get()) {
            int id = 1 + random.nextInt(Chaos.ACCOUNTS);
            long start = timeline.now();
            try {
                if (writer) {
                    target.write(id, run);
                    writesAcked.increment();
                } else {
                    target.read(id);
                }
                timeline.succeeded(start);
            } catch (Exception e) {
                timeline.failed(start, e);
                onFailure.accept(e);
            }
        }
    }

    /** Stops the threads and waits for their calls in flight (at most a borrow timeout plus retries). */
    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }
    }

    /** Writes whose caller was told they committed. */
    long writesAcked() {
        return writesAcked.sum();
    }
}
