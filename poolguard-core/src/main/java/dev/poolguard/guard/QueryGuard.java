package dev.poolguard.guard;

import dev.poolguard.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The query guard's rules, as a value: how many rows one statement may read without a LIMIT, how many times one
 * statement shape may run with different parameters in one unit of work, what counts as slow, and whether a
 * violation is reported (production) or fails the call (tests).
 *
 * <pre>{@code
 * Database.builder().url(url).queryGuard(QueryGuard.builder().rowBudget(5_000).strict(true).build())
 * }</pre>
 */
public final class QueryGuard {

    /** Rows one statement may read without LIMIT / FETCH FIRST before it is an UNBOUNDED_RESULT. */
    public static final int DEFAULT_ROW_BUDGET = 1000;
    /** Executions of one shape with different parameters in one unit of work before it is an N_PLUS_ONE. */
    public static final int DEFAULT_N_PLUS_ONE_THRESHOLD = 10;
    /** Statements slower than this are reported as SLOW_QUERY. */
    public static final Duration DEFAULT_SLOW_QUERY = Duration.ofSeconds(1);
    /** A hot path reports each fingerprint at most once per this interval (the rest are counted). */
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofMinutes(1);

    private static final QueryGuard DEFAULTS = builder().build();
    private static final QueryGuard OFF = builder().enabled(false).build();

    private final boolean enabled;
    private final int rowBudget;
    private final int nPlusOneThreshold;
    private final Duration slowQuery;
    private final Duration reportInterval;
    private final boolean strict;
    private final List<String> ignoredCallSites;

    private QueryGuard(Builder b) {
        this.enabled = b.enabled;
        this.rowBudget = b.rowBudget;
        this.nPlusOneThreshold = b.nPlusOneThreshold;
        this.slowQuery = b.slowQuery;
        this.reportInterval = b.reportInterval;
        this.strict = b.strict;
        this.ignoredCallSites = List.copyOf(b.ignored);
    }

    /** Report mode with the default budgets. */
    public static QueryGuard defaults() {
        return DEFAULTS;
    }

    /** Strict mode with the default budgets: a violation fails the offending call. For tests. */
    public static QueryGuard strictDefaults() {
        return builder().strict(true).build();
    }

    /** No checks at all. */
    public static QueryGuard off() {
        return OFF;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean enabled() {
        return enabled;
    }

    public int rowBudget() {
        return rowBudget;
    }

    public int nPlusOneThreshold() {
        return nPlusOneThreshold;
    }

    public Duration slowQuery() {
        return slowQuery;
    }

    public Duration reportInterval() {
        return reportInterval;
    }

    public boolean strict() {
        return strict;
    }

    /** Call-site prefixes the guard says nothing about (a nightly export that reads everything on purpose). */
    public List<String> ignoredCallSites() {
        return ignoredCallSites;
    }

    public boolean ignores(String callSite) {
        for (String prefix : ignoredCallSites) {
            if (callSite.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return enabled ? "QueryGuard{rowBudget=" + rowBudget + ", nPlusOne=" + nPlusOneThreshold + ", slowQuery="
                + slowQuery.toMillis() + "ms, " + (strict ? "strict" : "report") + (ignoredCallSites.isEmpty() ? "" : ", ignoring "
                + ignoredCallSites) + "}" : "QueryGuard{off}";
    }

    /** Builds a {@link QueryGuard}; each method checks its value. */
    public static final class Builder {
        private boolean enabled = true;
        private int rowBudget = DEFAULT_ROW_BUDGET;
        private int nPlusOneThreshold = DEFAULT_N_PLUS_ONE_THRESHOLD;
        private Duration slowQuery = DEFAULT_SLOW_QUERY;
        private Duration reportInterval = DEFAULT_REPORT_INTERVAL;
        private boolean strict;
        private final List<String> ignored = new ArrayList<>();

        private Builder() {
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Rows one statement without LIMIT may read, 1 to 100,000,000. Default 1,000. */
        public Builder rowBudget(int rows) {
            if (rows < 1 || rows > 100_000_000) {
                throw new IllegalArgumentException("rowBudget: " + rows + " is out of range 1..100000000");
            }
            this.rowBudget = rows;
            return this;
        }

        /** More executions than this of one shape with different parameters in one unit of work is an N+1. 2 to 100,000; default 10. */
        public Builder nPlusOneThreshold(int executions) {
            if (executions < 2 || executions > 100_000) {
                throw new IllegalArgumentException("nPlusOneThreshold: " + executions + " is out of range 2..100000");
            }
            this.nPlusOneThreshold = executions;
            return this;
        }

        /** Statements slower than this are reported; 1ms to 1d. Default 1s. */
        public Builder slowQuery(Duration threshold) {
            Objects.requireNonNull(threshold, "slowQuery");
            if (threshold.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("slowQuery: " + threshold.toMillis() + "ms is below the minimum 1ms");
            }
            this.slowQuery = Durations.requireAtMost("slowQuery", threshold, Durations.MAX);
            return this;
        }

        /** Each fingerprint is reported at most once per interval; 0 reports every occurrence; at most 1d. Default 1m. */
        public Builder reportInterval(Duration interval) {
            Objects.requireNonNull(interval, "reportInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("reportInterval: " + interval + " is negative");
            }
            this.reportInterval = Durations.requireAtMost("reportInterval", interval, Durations.MAX);
            return this;
        }

        /** Strict: a violation (unbounded result, N+1) fails the offending call instead of being reported. */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /** Say nothing about calls from call sites starting with this prefix ({@code com.acme.ExportJob}). */
        public Builder ignore(String callSitePrefix) {
            if (callSitePrefix == null || callSitePrefix.isBlank()) {
                throw new IllegalArgumentException("ignore: the call-site prefix is empty");
            }
            ignored.add(callSitePrefix);
            return this;
        }

        public QueryGuard build() {
            return new QueryGuard(this);
        }
    }
}
