package dev.poolguard.doctor;

import dev.poolguard.DatabaseConfig;
import dev.poolguard.InvalidConfigurationException;

import java.time.Duration;
import java.util.Objects;

/**
 * What the doctor cannot read from the server: the application's pool (size, lifetimes), how many instances run it,
 * and the thresholds above which a session or a table is a finding. Immutable; made by {@link #builder()}, or by
 * {@link #forConfig(DatabaseConfig)} from a running database's settings.
 */
public final class DoctorOptions {

    /** Instances assumed when not told: one process. */
    public static final int DEFAULT_INSTANCES = 1;
    /** Each of the doctor's own statements is cancelled after this, so it cannot add to a struggling server. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /** The doctor's connection attempt gives up after this. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * A session idle in a transaction, or waiting for a lock, longer than this is a finding. The same as Poolguard's
     * held-idle threshold: an open transaction that does nothing for 5 s is holding a connection for someone else.
     */
    public static final Duration DEFAULT_HOLD_THRESHOLD = DatabaseConfig.DEFAULT_HELD_IDLE_THRESHOLD;
    /** A statement running longer than this is a finding. */
    public static final Duration DEFAULT_LONG_RUNNING_THRESHOLD = Duration.ofSeconds(30);
    /** Tables with fewer rows are not worth an index for lookups: a sequential scan of them is cheap. */
    public static final long DEFAULT_LARGE_TABLE_ROWS = 10_000;
    /** A statement returning more rows per call than this (in {@code pg_stat_statements}) is the incidents' shape. */
    public static final long DEFAULT_ROWS_PER_CALL = 1_000;

    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private final int poolSize;
    private final boolean poolSizeGiven;
    private final int instances;
    private final String applicationName;
    private final Duration maxLifetime;
    private final Duration idleTimeout;
    private final Duration keepaliveTime;
    private final Duration socketTimeout;
    private final boolean tcpKeepAlive;
    private final Duration statementTimeout;
    private final Duration connectTimeout;
    private final Duration holdThreshold;
    private final Duration longRunningThreshold;
    private final long largeTableRows;
    private final long rowsPerCall;

    private DoctorOptions(Builder b) {
        this.poolSize = b.poolSize;
        this.poolSizeGiven = b.poolSizeGiven;
        this.instances = b.instances;
        this.applicationName = b.applicationName;
        this.maxLifetime = b.maxLifetime;
        this.idleTimeout = b.idleTimeout;
        this.keepaliveTime = b.keepaliveTime;
        this.socketTimeout = b.socketTimeout;
        this.tcpKeepAlive = b.tcpKeepAlive;
        this.statementTimeout = b.statementTimeout;
        this.connectTimeout = b.connectTimeout;
        this.holdThreshold = b.holdThreshold;
        this.longRunningThreshold = b.longRunningThreshold;
        this.largeTableRows = b.largeTableRows;
        this.rowsPerCall = b.rowsPerCall;
    }

    /** Poolguard's defaults for the pool, one instance. */
    public static DoctorOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a running database's pool settings (size, lifetimes, keepalive, application name). */
    public static Builder forConfig(DatabaseConfig config) {
        Builder b = builder()
                .poolSize(config.maxPoolSize())
                .applicationName(config.applicationName())
                .maxLifetime(config.maxLifetime())
                .idleTimeout(config.idleTimeout())
                .keepaliveTime(config.keepaliveTime())
                .socketTimeout(config.socketTimeout())
                .tcpKeepAlive(config.tcpKeepAlive());
        return b;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.poolSize = poolSize;
        b.poolSizeGiven = poolSizeGiven;
        b.instances = instances;
        b.applicationName = applicationName;
        b.maxLifetime = maxLifetime;
        b.idleTimeout = idleTimeout;
        b.keepaliveTime = keepaliveTime;
        b.socketTimeout = socketTimeout;
        b.tcpKeepAlive = tcpKeepAlive;
        b.statementTimeout = statementTimeout;
        b.connectTimeout = connectTimeout;
        b.holdThreshold = holdThreshold;
        b.longRunningThreshold = longRunningThreshold;
        b.largeTableRows = largeTableRows;
        b.rowsPerCall = rowsPerCall;
        return b;
    }

    /** Connections one instance's pool may open ({@code maxPoolSize}). */
    public int poolSize() {
        return poolSize;
    }

    /** Whether the pool size was stated, or is Poolguard's default assumed. */
    public boolean poolSizeGiven() {
        return poolSizeGiven;
    }

    /** Instances (processes, pods) running the pool against this database at full scale. */
    public int instances() {
        return instances;
    }

    /** The {@code application_name} the application's sessions carry; other names count as other applications. */
    public String applicationName() {
        return applicationName;
    }

    public Duration maxLifetime() {
        return maxLifetime;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration keepaliveTime() {
        return keepaliveTime;
    }

    public Duration socketTimeout() {
        return socketTimeout;
    }

    public boolean tcpKeepAlive() {
        return tcpKeepAlive;
    }

    public Duration statementTimeout() {
        return statementTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration holdThreshold() {
        return holdThreshold;
    }

    public Duration longRunningThreshold() {
        return longRunningThreshold;
    }

    public long largeTableRows() {
        return largeTableRows;
    }

    public long rowsPerCall() {
        return rowsPerCall;
    }

    @Override
    public String toString() {
        return "DoctorOptions[poolSize=" + poolSize + (poolSizeGiven ? "" : " (default)") + ", instances=" + instances
                + ", applicationName=" + applicationName + ", maxLifetime=" + maxLifetime + ", idleTimeout=" + idleTimeout
                + ", keepaliveTime=" + keepaliveTime + ", socketTimeout=" + socketTimeout + ", tcpKeepAlive=" + tcpKeepAlive
                + ", statementTimeout=" + statementTimeout + ", connectTimeout=" + connectTimeout
                + ", holdThreshold=" + holdThreshold + ", longRunningThreshold=" + longRunningThreshold
                + ", largeTableRows=" + largeTableRows + ", rowsPerCall=" + rowsPerCall + "]";
    }

    /** Builds {@link DoctorOptions}; each method checks its own value and names it in the error. */
    public static final class Builder {
        private int poolSize = DatabaseConfig.DEFAULT_MAX_POOL_SIZE;
        private boolean poolSizeGiven;
        private int instances = DEFAULT_INSTANCES;
        private String applicationName = DatabaseConfig.DEFAULT_APPLICATION_NAME;
        private Duration maxLifetime = DatabaseConfig.DEFAULT_MAX_LIFETIME;
        private Duration idleTimeout = DatabaseConfig.DEFAULT_IDLE_TIMEOUT;
        private Duration keepaliveTime = DatabaseConfig.DEFAULT_KEEPALIVE_TIME;
        private Duration socketTimeout = DatabaseConfig.DEFAULT_SOCKET_TIMEOUT;
        private boolean tcpKeepAlive = true;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration holdThreshold = DEFAULT_HOLD_THRESHOLD;
        private Duration longRunningThreshold = DEFAULT_LONG_RUNNING_THRESHOLD;
        private long largeTableRows = DEFAULT_LARGE_TABLE_ROWS;
        private long rowsPerCall = DEFAULT_ROWS_PER_CALL;

        private Builder() {
        }

        /** Connections per instance, 1 to 10,000. */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 10_000) {
                throw new InvalidConfigurationException("poolSize", "must be between 1 and 10000, was " + poolSize);
            }
            this.poolSize = poolSize;
            this.poolSizeGiven = true;
            return this;
        }

        /** Instances running the pool at full scale (count a rolling deploy's overlap), 1 to 10,000. */
        public Builder instances(int instances) {
            if (instances < 1 || instances > 10_000) {
                throw new InvalidConfigurationException("instances", "must be between 1 and 10000, was " + instances);
            }
            this.instances = instances;
            return this;
        }

        public Builder applicationName(String applicationName) {
            if (applicationName == null || applicationName.isBlank()) {
                throw new InvalidConfigurationException("applicationName", "must not be empty");
            }
            this.applicationName = applicationName;
            return this;
        }

        /** The pool's maxLifetime; zero means connections live forever. */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = nonNegative("maxLifetime", maxLifetime);
            return this;
        }

        /** The pool's idleTimeout; zero means idle connections are never closed. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = nonNegative("idleTimeout", idleTimeout);
            return this;
        }

        /** The pool's keepalive probe interval; zero is off. */
        public Builder keepaliveTime(Duration keepaliveTime) {
            this.keepaliveTime = nonNegative("keepaliveTime", keepaliveTime);
            return this;
        }

        /** The pool's socket timeout; zero means reads wait forever. */
        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = nonNegative("socketTimeout", socketTimeout);
            return this;
        }

        public Builder tcpKeepAlive(boolean tcpKeepAlive) {
            this.tcpKeepAlive = tcpKeepAlive;
            return this;
        }

        /** Bound on each of the doctor's own statements, 100 ms to 5 min. */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = bounded("statementTimeout", statementTimeout);
            return this;
        }

        /** Bound on the doctor's connection attempt, 100 ms to 5 min. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = bounded("connectTimeout", connectTimeout);
            return this;
        }

        /** Idle-in-transaction sessions and lock waits older than this are findings; zero reports every one. */
        public Builder holdThreshold(Duration holdThreshold) {
            this.holdThreshold = nonNegative("holdThreshold", holdThreshold);
            return this;
        }

        /** Statements running longer than this are findings; zero reports every running statement. */
        public Builder longRunningThreshold(Duration longRunningThreshold) {
            this.longRunningThreshold = nonNegative("longRunningThreshold", longRunningThreshold);
            return this;
        }

        /** Tables with at least this many rows are checked for sequential scans; at least 1. */
        public Builder largeTableRows(long rows) {
            if (rows < 1) {
                throw new InvalidConfigurationException("largeTableRows", "must be at least 1, was " + rows);
            }
            this.largeTableRows = rows;
            return this;
        }

        /** Statements returning more rows per call than this are findings; at least 1. */
        public Builder rowsPerCall(long rows) {
            if (rows < 1) {
                throw new InvalidConfigurationException("rowsPerCall", "must be at least 1, was " + rows);
            }
            this.rowsPerCall = rows;
            return this;
        }

        public DoctorOptions build() {
            return new DoctorOptions(this);
        }

        private static Duration nonNegative(String setting, Duration d) {
            Objects.requireNonNull(d, setting);
            if (d.isNegative()) {
                throw new InvalidConfigurationException(setting, "must not be negative, was " + d);
            }
            return d;
        }

        private static Duration bounded(String setting, Duration d) {
            Objects.requireNonNull(d, setting);
            if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
                throw new InvalidConfigurationException(setting, "must be between 100ms and 5m, was " + d.toMillis() + "ms");
            }
            return d;
        }
    }
}
