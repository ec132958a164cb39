package dev.poolguard.bench;

import dev.poolguard.internal.lease.CallSites;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What capturing a call site costs: Poolguard's bounded, cached StackWalker against the full stack trace HikariCP
 * takes for its leak detection ({@code new Exception()} at borrow), from a realistic depth of 20 frames.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = Jvm.LOGBACK)
public class CallSiteBenchmark {

    @Benchmark
    public String stackWalkerCachedSite() {
        return Depth.call(20, CallSites::here);
    }

    @Benchmark
    public StackTraceElement[] fullStackTrace() {
        return Depth.call(20, () -> new Exception().getStackTrace());
    }

    @Benchmark
    public Object nothing() {
        return Depth.call(20, () -> this);
    }

    /** Recursion so the capture happens under a stack as deep as a web request's. */
    static final class Depth {
        static <T> T call(int depth, java.util.function.Supplier<T> leaf) {
            return depth == 0 ? leaf.get() : call(depth - 1, leaf);
        }
    }
}
