package dev.poolguard.dashboard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard server's request threads: a fixed number, a bounded queue, and a deadline for the time a request
 * spends on the network. The JDK server reads each request's line and headers, and writes the response, on these
 * threads with blocking I/O, so a client that sends slowly (or never finishes) would hold a thread for good. When a
 * request's deadline passes while its thread is reading or writing, the thread is interrupted, which closes the
 * connection. A connection arriving with every thread busy and the queue full is refused: the JDK server closes it.
 */
final class RequestThreads implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestThreads.class);

    /** Requests waiting for a thread before new connections are refused. */
    static final int QUEUE_CAPACITY = 64;

    /** The exchange running on this request thread, for {@link JdkHttpAdapter} to mark the handler's part. */
    private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService deadlines;
    private final long timeoutNanos;

    RequestThreads(String name, int threads, Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> daemon(r, name + "-http-" + n.incrementAndGet()),
                new ThreadPoolExecutor.AbortPolicy());
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-http-deadlines"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** @throws java.util.concurrent.RejectedExecutionException when the queue is full (the server closes the connection) */
    @Override
    public void execute(Runnable exchange) {
        executor.execute(() -> {
            try {
                run(exchange);
            } catch (RuntimeException e) {
                // The JDK server handles its own failures; anything escaping it is a bug worth a line, not a dead thread.
                log.warn("Poolguard dashboard request failed", e);
            }
        });
    }

    private void run(Runnable work) {
        Exchange exchange = new Exchange(Thread.currentThread());
        CURRENT.set(exchange);
        exchange.onNetwork(true);
        try {
            work.run();
        } finally {
            exchange.onNetwork(false);
            CURRENT.remove();
            Thread.interrupted(); // an interrupt meant for this exchange must not reach the next one
        }
    }

    /** The request is read and the handler runs now: not under a deadline, and never interrupted. */
    static void handling() {
        Exchange e = CURRENT.get();
        if (e != null) {
            e.onNetwork(false);
        }
    }

    /** The response is being written: back on the network, with a deadline of its own. */
    static void writing() {
        Exchange e = CURRENT.get();
        if (e != null) {
            e.onNetwork(true);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        executor.shutdownNow();
    }

    /** One request on one thread: while it is on the network, a deadline that interrupts the thread. */
    private final class Exchange {
        private final Thread thread;
        private ScheduledFuture<?> deadline;
        /** Bumped at every change, so a deadline that fires late for an earlier phase does nothing. */
        private long phase;

        Exchange(Thread thread) {
            this.thread = thread;
        }

        synchronized void onNetwork(boolean network) {
            phase++;
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
            if (network) {
                long current = phase;
                deadline = deadlines.schedule(() -> expire(current), timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }

        private synchronized void expire(long expiredPhase) {
            if (expiredPhase == phase) {
                phase++;
                thread.interrupt(); // a blocked channel read or write throws, and the server closes the connection
            }
        }
    }
}
