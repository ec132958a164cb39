package dev.poolguard.vthreads;

import dev.poolguard.Database;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child JVM of {@link VirtualThreadPinningTest}, run on a JDK 21 or later: {@code threads} virtual threads share a
 * pool of {@code pool} connections, each making reads, transactions and raw JDBC calls (most of them wait for a
 * connection, the rest for the server), while JFR records every {@code jdk.VirtualThreadPinned} event with its stack.
 *
 * <p>A cold JVM pins carriers once, whatever the library: the first virtual thread to read a socket initializes the
 * JDK's I/O poller while others wait, and a class loaded on first use is loaded with the carrier pinned. So a short
 * warm-up on 16 virtual threads comes first, recorded on its own ({@code COLD-PINNED n}); then the run that counts.
 * Prints {@code CALLS n}, one {@code PINNED ...} line per pinned event of that run whose stack passes through
 * Poolguard, HikariCP or pgjdbc, and {@code PINNED-ELSEWHERE n} for the others. Compiled for JDK 17, so virtual
 * threads are reached by reflection.
 */
public final class VirtualThreadsMain {

    private static final List<String> OURS = List.of("dev.poolguard.", "com.zaxxer.hikari.", "org.postgresql.");

    private VirtualThreadsMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        int pool = Integer.parseInt(args[2]);
        int callsPerThread = Integer.parseInt(args[3]);
        try (Database db = Database.builder().url(url).maxPoolSize(pool).minIdle(pool).poolName("vthreads")
                .connectionTimeout(Duration.ofSeconds(60)).build()) {
            db.update("create table if not exists vthreads (id int primary key, n int not null)");
            db.update("insert into vthreads select g, 0 from generate_series(1, 100) g on conflict do nothing");
            List<RecordedEvent> cold = recorded(() -> run(db, 16, 1));
            System.out.println("COLD-PINNED " + cold.size());
            AtomicInteger calls = new AtomicInteger();
            List<RecordedEvent> pinned = recorded(() -> calls.set(run(db, threads, callsPerThread)));
            System.out.println("CALLS " + calls.get());
            int elsewhere = 0;
            for (RecordedEvent event : pinned) {
                List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
                if (frames.stream().noneMatch(f -> OURS.stream().anyMatch(p -> f.getMethod().getType().getName().startsWith(p)))) {
                    elsewhere++;
                    continue;
                }
                StringBuilder line = new StringBuilder("PINNED ").append(event.getDuration().toNanos() / 1000).append(" µs");
                if (event.hasField("pinnedReason")) {
                    line.append(" (").append(event.getString("pinnedReason")).append(')');
                }
                line.append(':');
                frames.forEach(f -> line.append(" < ").append(f.getMethod().getType().getName()).append('.')
                        .append(f.getMethod().getName()).append(':').append(f.getLineNumber()));
                System.out.println(line);
            }
            System.out.println("PINNED-ELSEWHERE " + elsewhere);
        }
    }

    /** Work done while JFR records every pinned virtual thread. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static List<RecordedEvent> recorded(Work work) throws Exception {
        Path jfr = Files.createTempFile("poolguard-vthreads", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            work.run();
            recording.stop();
            recording.dump(jfr);
            List<RecordedEvent> events = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
                if (e.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                    events.add(e);
                }
            }
            return events;
        } finally {
            Files.deleteIfExists(jfr);
        }
    }

    /** {@code threads} virtual threads, each making a read, a transaction and a raw JDBC call {@code rounds} times. */
    private static int run(Database db, int threads, int rounds) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = 1 + t % 100;
                done.add(executor.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        db.queryOne("select n from vthreads where id = ?", rs -> rs.getInt(1), id);
                        db.transaction(tx -> tx.update("update vthreads set n = n + 1 where id = ?", id));
                        db.withConnection(c -> {
                            try (var ps = c.prepareStatement("select pg_sleep(0.001)")) {
                                return ps.execute();
                            }
                        });
                        calls.addAndGet(3);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            executor.shutdown();
        }
        return calls.get();
    }
}
