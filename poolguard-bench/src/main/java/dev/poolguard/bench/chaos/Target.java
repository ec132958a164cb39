package dev.poolguard.bench.chaos;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/** One pool under chaos, doing the scenarios' work the way its users would write it. */
interface Target extends AutoCloseable {

    /** Table row label. */
    String label();

    /** A point select by primary key. */
    long read(int id) throws Exception;

    /** A transaction: add 1 to an account and log the write under {@code run}. */
    void write(int id, String run) throws Exception;

    /** The exhaustion scenario's offender: {@link SlowReport#generate}, holding a connection until {@code partner} answers. */
    void report(CountDownLatch partner, Duration atMost) throws Exception;

    /** Background work holding a connection for {@code hold} (server-side sleep), queued on the pool's executor. */
    CompletableFuture<?> background(Duration hold);

    /** What the pool itself counted, for the notes ({@code ""} when it counts nothing). */
    default String counters() {
        return "";
    }

    @Override
    void close();
}
