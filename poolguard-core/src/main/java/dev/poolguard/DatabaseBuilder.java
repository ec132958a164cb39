package dev.poolguard;

import dev.poolguard.event.EventReporter;
import dev.poolguard.event.PoolListener;
import dev.poolguard.internal.DatabaseUrl;
import dev.poolguard.internal.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.poolguard.classify.ClassificationOverride;
import dev.poolguard.classify.ErrorClassifier;
import dev.poolguard.retry.RetryPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

import static dev.poolguard.DatabaseConfig.*;

/**
 * Builds a {@link Database}. Each method checks its own value and fails naming the setting, the value and the limit;
 * {@link #build()} checks combinations and logs one warning for each doubtful one it adjusts.
 */
public final class DatabaseBuilder {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** Environment variables read by {@link #fromEnv(Map)}, in documentation order. */
    static final Map<String, BiConsumer<DatabaseBuilder, String>> ENV;

    static {
        Map<String, BiConsumer<DatabaseBuilder, String>> env = new LinkedHashMap<>();
        env.put("DATABASE_URL", DatabaseBuilder::url);
        env.put("POOLGUARD_MAX_POOL_SIZE", (b, v) -> b.maxPoolSize(integer("POOLGUARD_MAX_POOL_SIZE", v)));
        env.put("POOLGUARD_MIN_IDLE", (b, v) -> b.minIdle(integer("POOLGUARD_MIN_IDLE", v)));
        env.put("POOLGUARD_IDLE_TIMEOUT", (b, v) -> b.idleTimeout(Durations.parse("POOLGUARD_IDLE_TIMEOUT", v)));
        env.put("POOLGUARD_CONNECTION_TIMEOUT", (b, v) -> b.connectionTimeout(Durations.parse("POOLGUARD_CONNECTION_TIMEOUT", v)));
        env.put("POOLGUARD_MAX_LIFETIME", (b, v) -> b.maxLifetime(Durations.parse("POOLGUARD_MAX_LIFETIME", v)));
        env.put("POOLGUARD_KEEPALIVE_TIME", (b, v) -> b.keepaliveTime(Durations.parse("POOLGUARD_KEEPALIVE_TIME", v)));
        env.put("POOLGUARD_SOCKET_TIMEOUT", (b, v) -> b.socketTimeout(Durations.parse("POOLGUARD_SOCKET_TIMEOUT", v)));
        env.put("POOLGUARD_TCP_KEEPALIVE", (b, v) -> b.tcpKeepAlive(bool("POOLGUARD_TCP_KEEPALIVE", v)));
        env.put("POOLGUARD_APPLICATION_NAME", DatabaseBuilder::applicationName);
        env.put("POOLGUARD_DRAIN_TIMEOUT", (b, v) -> b.drainTimeout(Durations.parse("POOLGUARD_DRAIN_TIMEOUT", v)));
        env.put("POOLGUARD_SHUTDOWN_HOOK", (b, v) -> b.registerShutdownHook(bool("POOLGUARD_SHUTDOWN_HOOK", v)));
        env.put("POOLGUARD_RETRY_MAX_ATTEMPTS", (b, v) -> b.retry(RetryPolicy.builder().maxAttempts(integer("POOLGUARD_RETRY_MAX_ATTEMPTS", v)).build()));
        env.put("POOLGUARD_VERIFY_COMMITS", (b, v) -> b.verifyCommits(bool("POOLGUARD_VERIFY_COMMITS", v)));
        env.put("POOLGUARD_LEAK_THRESHOLD", (b, v) -> b.leakThreshold(Durations.parse("POOLGUARD_LEAK_THRESHOLD", v)));
        env.put("POOLGUARD_HELD_IDLE_THRESHOLD", (b, v) -> b.heldIdleThreshold(Durations.parse("POOLGUARD_HELD_IDLE_THRESHOLD", v)));
        env.put("POOLGUARD_RECLAIM_AFTER", (b, v) -> b.reclaimAfter(Durations.parse("POOLGUARD_RECLAIM_AFTER", v)));
        env.put("POOLGUARD_WORKLOAD_LIMITS", DatabaseBuilder::workloadLimits);
        env.put("POOLGUARD_QUERY_GUARD", DatabaseBuilder::queryGuardMode);
        env.put("POOLGUARD_ROW_BUDGET", (b, v) -> b.queryGuard(rebuildGuard(b).rowBudget(integer("POOLGUARD_ROW_BUDGET", v)).build()));
        env.put("POOLGUARD_SQL_COMMENTS", (b, v) -> b.sqlComments(bool("POOLGUARD_SQL_COMMENTS", v)));
        // Known but not a database setting: applications' logging configuration reads it (the CLI's logback.xml).
        env.put("POOLGUARD_POOLER", DatabaseBuilder::poolerMode);
        env.put("POOLGUARD_DATA_ACCESS_PACKAGES", (b, v) -> b.dataAccessPackages(v.split(",")));
        env.put("POOLGUARD_LOG_LEVEL", (b, v) -> { });
        ENV = Collections.unmodifiableMap(env);
    }

    String url;
    String user;
    String password;
    int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
    int minIdle = DEFAULT_MIN_IDLE;
    Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    Duration maxLifetime = DEFAULT_MAX_LIFETIME;
    Duration keepaliveTime = DEFAULT_KEEPALIVE_TIME;
    Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
    boolean tcpKeepAlive = true;
    String applicationName = DEFAULT_APPLICATION_NAME;
    String poolName = "poolguard";
    Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    boolean registerShutdownHook;
    int sqlTextLimit = DEFAULT_SQL_TEXT_LIMIT;
    final Map<String, String> driverProperties = new LinkedHashMap<>();
    RetryPolicy retryPolicy = RetryPolicy.defaults();
    final List<EventReporter> reporters = new ArrayList<>();
    final List<PoolListener> poolListeners = new ArrayList<>();
    ErrorClassifier classifier = ErrorClassifier.defaults();
    boolean verifyCommits = true;
    Ticker ticker = Ticker.SYSTEM;
    Sleeper sleeper = Sleeper.SYSTEM;
    Duration leakThreshold = DEFAULT_LEAK_THRESHOLD;
    Duration heldIdleThreshold = DEFAULT_HELD_IDLE_THRESHOLD;
    Duration reclaimAfter = DEFAULT_RECLAIM_AFTER;
    final Map<String, Integer> workloadLimits = new LinkedHashMap<>();
    int taskThreads;
    int taskQueueCapacity = DEFAULT_TASK_QUEUE_CAPACITY;
    boolean captureCallSites;
    dev.poolguard.guard.QueryGuard queryGuard = dev.poolguard.guard.QueryGuard.defaults();
    boolean sqlComments = true;
    java.sql.Driver driver;
    dev.poolguard.pooler.PoolerMode pooler = dev.poolguard.pooler.PoolerMode.AUTO;
    final List<String> dataAccessPackages = new ArrayList<>();

    DatabaseBuilder() {
    }

    /**
     * The database: {@code postgres://user:password@host:5432/db?sslmode=require}, {@code postgresql://...} or
     * {@code jdbc:postgresql://...}; URL parameters are passed to the driver.
     */
    public DatabaseBuilder url(String url) {
        DatabaseUrl.parse(url); // fail here, naming the bad part
        this.url = url;
        return this;
    }

    /** User name; overrides one in the URL. */
    public DatabaseBuilder user(String user) {
        this.user = user;
        return this;
    }

    /** Password; overrides one in the URL. Never logged. */
    public DatabaseBuilder password(String password) {
        this.password = password;
        return this;
    }

    /** Most physical connections the pool opens. 1 to 10,000; default {@value DatabaseConfig#DEFAULT_MAX_POOL_SIZE}. */
    public DatabaseBuilder maxPoolSize(int maxPoolSize) {
        if (maxPoolSize < 1 || maxPoolSize > MAX_POOL_SIZE_LIMIT) {
            throw new InvalidConfigurationException("maxPoolSize", maxPoolSize + " is out of range 1.." + MAX_POOL_SIZE_LIMIT);
        }
        this.maxPoolSize = maxPoolSize;
        return this;
    }

    /** Idle connections kept open. 0 or more; default {@value DatabaseConfig#DEFAULT_MIN_IDLE}. */
    public DatabaseBuilder minIdle(int minIdle) {
        if (minIdle < 0) {
            throw new InvalidConfigurationException("minIdle", minIdle + " is negative; the minimum is 0");
        }
        this.minIdle = minIdle;
        return this;
    }

    /** Idle connections above {@code minIdle} close after this. 0 (never) or 10s to 1d; default 30s. */
    public DatabaseBuilder idleTimeout(Duration idleTimeout) {
        requireDuration("idleTimeout", idleTimeout, Durations.MAX);
        if (!idleTimeout.isZero() && idleTimeout.compareTo(MIN_IDLE_TIMEOUT) < 0) {
            throw new InvalidConfigurationException("idleTimeout", Durations.format(idleTimeout)
                    + " is below the minimum " + Durations.format(MIN_IDLE_TIMEOUT) + " (0 means never)");
        }
        this.idleTimeout = idleTimeout;
        return this;
    }

    /** Longest wait for a connection. At least 250ms, at most 1h (never infinite); default 10s. */
    public DatabaseBuilder connectionTimeout(Duration connectionTimeout) {
        requireDuration("connectionTimeout", connectionTimeout, Duration.ofHours(1));
        if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
            throw new InvalidConfigurationException("connectionTimeout", Durations.format(connectionTimeout)
                    + " is below the minimum " + Durations.format(MIN_CONNECTION_TIMEOUT)
                    + (connectionTimeout.isZero() ? "; waiting forever is not allowed, it is how services hang" : ""));
        }
        this.connectionTimeout = connectionTimeout;
        return this;
    }

    /** Connections are retired after this. 0 (never) or 30s to 1d; default 4m. */
    public DatabaseBuilder maxLifetime(Duration maxLifetime) {
        requireDuration("maxLifetime", maxLifetime, Durations.MAX);
        if (!maxLifetime.isZero() && maxLifetime.compareTo(MIN_MAX_LIFETIME) < 0) {
            throw new InvalidConfigurationException("maxLifetime", Durations.format(maxLifetime)
                    + " is below the minimum " + Durations.format(MIN_MAX_LIFETIME) + " (0 means never)");
        }
        this.maxLifetime = maxLifetime;
        return this;
    }

    /** Idle connections are probed this often. 0 (off) or 30s to 1d; default 60s. */
    public DatabaseBuilder keepaliveTime(Duration keepaliveTime) {
        requireDuration("keepaliveTime", keepaliveTime, Durations.MAX);
        if (!keepaliveTime.isZero() && keepaliveTime.compareTo(MIN_KEEPALIVE_TIME) < 0) {
            throw new InvalidConfigurationException("keepaliveTime", Durations.format(keepaliveTime)
                    + " is below the minimum " + Durations.format(MIN_KEEPALIVE_TIME) + " (0 turns probes off)");
        }
        this.keepaliveTime = keepaliveTime;
        return this;
    }

    /** A read from the server fails after this long without data. 0 means forever (not advised), else 1s to 1d; default 60s. */
    public DatabaseBuilder socketTimeout(Duration socketTimeout) {
        requireDuration("socketTimeout", socketTimeout, Durations.MAX);
        if (!socketTimeout.isZero() && socketTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidConfigurationException("socketTimeout", Durations.format(socketTimeout)
                    + " is below the driver's resolution of 1s");
        }
        this.socketTimeout = socketTimeout;
        return this;
    }

    /** TCP keepalive on the sockets, so the kernel notices dead peers. Default true. */
    public DatabaseBuilder tcpKeepAlive(boolean tcpKeepAlive) {
        this.tcpKeepAlive = tcpKeepAlive;
        return this;
    }

    /** {@code application_name} shown in {@code pg_stat_activity}; at most 63 characters. Default {@code poolguard}. */
    public DatabaseBuilder applicationName(String applicationName) {
        if (applicationName == null || applicationName.isBlank()) {
            throw new InvalidConfigurationException("applicationName", "is empty");
        }
        if (applicationName.length() > 63) {
            throw new InvalidConfigurationException("applicationName", "'" + applicationName + "' is "
                    + applicationName.length() + " characters; PostgreSQL keeps at most 63");
        }
        this.applicationName = applicationName;
        return this;
    }

    /** Name of the pool in logs and thread names. Default {@code poolguard}. */
    public DatabaseBuilder poolName(String poolName) {
        if (poolName == null || poolName.isBlank()) {
            throw new InvalidConfigurationException("poolName", "is empty");
        }
        this.poolName = poolName;
        return this;
    }

    /** How long {@link Database#close()} lets in-flight calls and tasks finish. 0 to 1h; default 10s. */
    public DatabaseBuilder drainTimeout(Duration drainTimeout) {
        requireDuration("drainTimeout", drainTimeout, Duration.ofHours(1));
        this.drainTimeout = drainTimeout;
        return this;
    }

    /** Close gracefully on SIGTERM/SIGINT (a JVM shutdown hook). Default false: the application decides. */
    public DatabaseBuilder registerShutdownHook(boolean register) {
        this.registerShutdownHook = register;
        return this;
    }

    /** Longest SQL text quoted in messages and events; 20 to 10,000 characters. Default 300. */
    public DatabaseBuilder sqlTextLimit(int characters) {
        if (characters < 20 || characters > 10_000) {
            throw new InvalidConfigurationException("sqlTextLimit", characters + " is out of range 20..10000");
        }
        this.sqlTextLimit = characters;
        return this;
    }

    /** A pgjdbc connection property (for example {@code sslmode}, {@code prepareThreshold}); the URL's own win. */
    public DatabaseBuilder driverProperty(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.equalsIgnoreCase("password")) {
            throw new InvalidConfigurationException("driverProperty", "set the password with password(...), not as a driver property");
        }
        driverProperties.put(name, value);
        return this;
    }

    /**
     * The JDBC driver that opens the physical connections; default pgjdbc's {@code org.postgresql.Driver}. It is called
     * directly (not through {@code DriverManager}) with the {@code jdbc:postgresql://} form of {@link #url} and the
     * driver properties Poolguard sets, and must return a connection for it. For a driver that wraps pgjdbc (tracing,
     * statement logging) or a stub driver in benchmarks; Poolguard still expects PostgreSQL behind it.
     */
    public DatabaseBuilder driver(java.sql.Driver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
        return this;
    }

    /**
     * What sits between the pool and PostgreSQL. Default {@link dev.poolguard.pooler.PoolerMode#AUTO}: read from the URL
     * where the provider says so (Supabase's pooler ports, Neon's {@code -pooler} hosts, RDS Proxy), else detected on
     * the first connection. Set it when detection cannot see the truth, for example a pooler whose server connections
     * are never shared while Poolguard starts. Behind a transaction pooler Poolguard turns off server-side prepared
     * statements (unless {@code prepareThreshold} is set explicitly, for PgBouncer 1.21+ with
     * {@code max_prepared_statements}), refuses statements that leave session state behind, and cancels abandoned
     * statements through the cancel protocol.
     */
    public DatabaseBuilder pooler(dev.poolguard.pooler.PoolerMode mode) {
        this.pooler = Objects.requireNonNull(mode, "pooler");
        return this;
    }

    /** How failed calls are retried. Default {@link RetryPolicy#defaults()}; {@link RetryPolicy#none()} turns retries off. */
    public DatabaseBuilder retry(RetryPolicy policy) {
        this.retryPolicy = Objects.requireNonNull(policy, "retry");
        return this;
    }

    /**
     * Adds a reporter (several allowed), which sees every event from the start. With none added, events go to
     * {@link LoggingReporter}. A running database takes more through {@code db.diagnostics().addReporter}.
     */
    public DatabaseBuilder addReporter(EventReporter reporter) {
        reporters.add(Objects.requireNonNull(reporter, "reporter"));
        return this;
    }

    /**
     * Adds a listener told of every borrow, wait, release, timeout and connection opened, from the first connection
     * (a metrics binder). A running database takes more through {@code db.diagnostics().addPoolListener}.
     */
    public DatabaseBuilder addPoolListener(PoolListener listener) {
        poolListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Overrides the classification of failures the application knows better (returns null to keep the table's). */
    public DatabaseBuilder classificationOverride(ClassificationOverride override) {
        this.classifier = ErrorClassifier.defaults().withOverride(Objects.requireNonNull(override, "override"));
        return this;
    }

    /**
     * Read each transaction's id with COMMIT (in COMMIT's own round trip on a direct route, in one before it behind a
     * pooler) so that when the connection dies during COMMIT Poolguard can ask the server whether it committed,
     * instead of failing with an unknown outcome. Default true.
     * With false, a COMMIT cut off after any statement fails with {@link CommitOutcomeUnknownException} (or runs again
     * for idempotent work): without the id nothing tells "committed" from "rolled back".
     */
    public DatabaseBuilder verifyCommits(boolean verify) {
        this.verifyCommits = verify;
        return this;
    }

    /** A lease held longer is reported once as a LEAK, with the holder's stack. 0 turns it off; at most 1d; default 60s. */
    public DatabaseBuilder leakThreshold(Duration threshold) {
        requireDuration("leakThreshold", threshold, Durations.MAX);
        this.leakThreshold = threshold;
        return this;
    }

    /** A lease with no database activity this long is reported once as HELD_IDLE. 0 turns it off; at most 1d; default 5s. */
    public DatabaseBuilder heldIdleThreshold(Duration threshold) {
        requireDuration("heldIdleThreshold", threshold, Durations.MAX);
        this.heldIdleThreshold = threshold;
        return this;
    }

    /**
     * A lease held longer is revoked: its connection is aborted and evicted so the pool gets the capacity back, and
     * later use through it throws {@link LeaseRevokedException}. 0 (default) is off; otherwise 1s to 1d.
     */
    public DatabaseBuilder reclaimAfter(Duration after) {
        requireDuration("reclaimAfter", after, Durations.MAX);
        if (!after.isZero() && after.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidConfigurationException("reclaimAfter", Durations.format(after) + " is below the minimum 1s (0 turns it off)");
        }
        this.reclaimAfter = after;
        return this;
    }

    /**
     * Caps the connections one workload ({@code db.workload(name)}) may hold at once; its callers over the budget wait
     * (within connectionTimeout) without taking connections from other workloads. 1 to maxPoolSize.
     * {@code background} (used by {@code db.tasks()}) defaults to a quarter of the pool.
     */
    public DatabaseBuilder workloadLimit(String workload, int maxConnections) {
        if (workload == null || !workload.matches("[A-Za-z0-9_.-]{1,63}")) {
            throw new InvalidConfigurationException("workloadLimit", "workload name '" + workload
                    + "' must be 1 to 63 letters, digits, '_', '.' or '-'");
        }
        if (workload.equals("default")) {
            throw new InvalidConfigurationException("workloadLimit", "'default' is what is left: limit the other workloads instead");
        }
        if (maxConnections < 1) {
            throw new InvalidConfigurationException("workloadLimit", "'" + workload + "' limit " + maxConnections + " is below the minimum 1");
        }
        workloadLimits.put(workload, maxConnections);
        return this;
    }

    /** Background task threads (default: the background workload's limit) and queue capacity (default 1000). */
    public DatabaseBuilder backgroundTasks(int threads, int queueCapacity) {
        if (threads < 1 || threads > 256) {
            throw new InvalidConfigurationException("backgroundTasks", "threads " + threads + " is out of range 1..256");
        }
        if (queueCapacity < 1 || queueCapacity > 1_000_000) {
            throw new InvalidConfigurationException("backgroundTasks", "queue capacity " + queueCapacity + " is out of range 1..1000000");
        }
        this.taskThreads = threads;
        this.taskQueueCapacity = queueCapacity;
        return this;
    }

    /**
     * Record each call's call site when it borrows (a bounded StackWalker, about 1.3 µs per call) instead of on
     * demand. Off by default: the lease table, exhaustion messages and leak reports read the holder's stack when
     * they need it, which costs nothing per call. Turn it on in tests so a fenced handle used after its callback
     * names the line that borrowed it.
     */
    public DatabaseBuilder captureCallSites(boolean capture) {
        this.captureCallSites = capture;
        return this;
    }

    /** The query guard's budgets and mode. Default {@link dev.poolguard.guard.QueryGuard#defaults()} (report mode). */
    public DatabaseBuilder queryGuard(dev.poolguard.guard.QueryGuard guard) {
        this.queryGuard = Objects.requireNonNull(guard, "queryGuard");
        return this;
    }

    /**
     * Prefix each statement with {@code /* poolguard app=... at=Class.method(File.java:line) *}{@code /} so
     * {@code pg_stat_activity} and PgHero-style tools name the Java code that sent it. The site is the first one seen
     * for each distinct SQL string, found once (about 1.3 µs) and cached. Default true.
     */
    public DatabaseBuilder sqlComments(boolean comments) {
        this.sqlComments = comments;
        return this;
    }

    /**
     * Packages of the application's own data-access layer (for example {@code com.acme.persistence}), whose frames are
     * never named as call sites, in addition to {@link DatabaseConfig#DEFAULT_DATA_ACCESS_PACKAGES} (Spring, Hibernate,
     * jOOQ, MyBatis, ...): leases, exhaustion messages, leak reports, the query guard and SQL comments then name the
     * code that called that layer. Applies to every database in the JVM (call sites are found by one shared, cached
     * stack walker).
     */
    public DatabaseBuilder dataAccessPackages(String... packages) {
        for (String p : packages) {
            String name = p == null ? "" : p.strip();
            if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*\\.?")) {
                throw new InvalidConfigurationException("dataAccessPackages", "'" + p + "' is not a package name (like com.acme.persistence)");
            }
            dataAccessPackages.add(name.endsWith(".") ? name : name + ".");
        }
        return this;
    }

    /** Clock for durations and budgets (tests). */
    public DatabaseBuilder ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /** Sleep between retries (tests). */
    public DatabaseBuilder sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return this;
    }

    /**
     * Applies {@code DATABASE_URL} and the {@code POOLGUARD_*} variables found in {@code env}. An unknown
     * {@code POOLGUARD_*} variable fails, so a typo does not silently leave a default in place.
     */
    public DatabaseBuilder fromEnv(Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            BiConsumer<DatabaseBuilder, String> setter = ENV.get(name);
            if (setter != null) {
                setter.accept(this, e.getValue());
            } else if (name.startsWith("POOLGUARD_")) {
                throw new InvalidConfigurationException(name, "is not a Poolguard setting; known: " + String.join(", ", ENV.keySet()));
            }
        }
        return this;
    }

    public Database build() {
        return new Database(new Engine(config()));
    }

    /** Validates and freezes the settings without opening a pool. */
    public DatabaseConfig config() {
        if (url == null) {
            throw new InvalidConfigurationException("url", "is not set; call url(...) or set DATABASE_URL");
        }
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        // Adjustments go into the configuration, never back into this builder: config() can be called again after
        // other settings change, and each call judges the settings as they are then.
        int minIdle = this.minIdle;
        Duration idleTimeout = this.idleTimeout;
        Duration keepaliveTime = this.keepaliveTime;
        Map<String, Integer> workloadLimits = new LinkedHashMap<>(this.workloadLimits);
        if (minIdle > maxPoolSize) {
            warn("minIdle", minIdle + " is above maxPoolSize " + maxPoolSize + "; using " + maxPoolSize);
            minIdle = maxPoolSize;
        }
        if (!maxLifetime.isZero() && !idleTimeout.isZero() && idleTimeout.compareTo(maxLifetime) >= 0) {
            warn("idleTimeout", Durations.format(idleTimeout) + " is not below maxLifetime " + Durations.format(maxLifetime)
                    + ": connections retire by lifetime first; idle timeout disabled");
            idleTimeout = Duration.ZERO;
        }
        if (!keepaliveTime.isZero() && !maxLifetime.isZero() && keepaliveTime.compareTo(maxLifetime) >= 0) {
            warn("keepaliveTime", Durations.format(keepaliveTime) + " is not below maxLifetime " + Durations.format(maxLifetime)
                    + ": probes would never run; keepalive disabled");
            keepaliveTime = Duration.ZERO;
        }
        if (maxLifetime.isZero() || maxLifetime.compareTo(Duration.ofMinutes(5)) >= 0) {
            warn("maxLifetime", (maxLifetime.isZero() ? "never" : Durations.format(maxLifetime))
                    + " is not below 5m: Neon scale-to-zero and proxies kill older connections; keeping it");
        }
        for (Map.Entry<String, Integer> w : workloadLimits.entrySet()) {
            if (w.getValue() > maxPoolSize) {
                warn("workloadLimit", "'" + w.getKey() + "' limit " + w.getValue() + " is above maxPoolSize " + maxPoolSize
                        + "; using " + maxPoolSize);
                w.setValue(maxPoolSize);
            }
        }
        if (!reclaimAfter.isZero() && !leakThreshold.isZero() && leakThreshold.compareTo(reclaimAfter) >= 0) {
            warn("leakThreshold", Durations.format(leakThreshold) + " is not below reclaimAfter " + Durations.format(reclaimAfter)
                    + ": leases would be revoked before being reported; keeping it");
        }
        if (socketTimeout.isZero()) {
            warn("socketTimeout", "0 means a read on a dead network path hangs forever; keeping it");
        }
        return new DatabaseConfig(this, parsed, minIdle, idleTimeout, keepaliveTime, workloadLimits);
    }

    /** {@code auto}, {@code none}, {@code session} or {@code transaction}. */
    private static void poolerMode(DatabaseBuilder b, String value) {
        try {
            b.pooler(dev.poolguard.pooler.PoolerMode.valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("POOLGUARD_POOLER", "'" + value + "' is not auto, none, session or transaction");
        }
    }

    /** {@code report}, {@code strict} or {@code off}. */
    private static void queryGuardMode(DatabaseBuilder b, String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "report": b.queryGuard(rebuildGuard(b).strict(false).enabled(true).build()); break;
            case "strict": b.queryGuard(rebuildGuard(b).strict(true).enabled(true).build()); break;
            case "off": b.queryGuard(rebuildGuard(b).enabled(false).build()); break;
            default: throw new InvalidConfigurationException("POOLGUARD_QUERY_GUARD", "'" + value + "' is not report, strict or off");
        }
    }

    private static dev.poolguard.guard.QueryGuard.Builder rebuildGuard(DatabaseBuilder b) {
        dev.poolguard.guard.QueryGuard g = b.queryGuard;
        dev.poolguard.guard.QueryGuard.Builder nb = dev.poolguard.guard.QueryGuard.builder().enabled(g.enabled())
                .rowBudget(g.rowBudget()).nPlusOneThreshold(g.nPlusOneThreshold()).slowQuery(g.slowQuery())
                .reportInterval(g.reportInterval()).strict(g.strict());
        g.ignoredCallSites().forEach(nb::ignore);
        return nb;
    }

    /** {@code background=4,reports=2}. */
    private static void workloadLimits(DatabaseBuilder b, String value) {
        for (String pair : value.split(",")) {
            String[] kv = pair.strip().split("=");
            if (kv.length != 2) {
                throw new InvalidConfigurationException("POOLGUARD_WORKLOAD_LIMITS", "'" + pair + "' is not name=limit");
            }
            b.workloadLimit(kv[0].strip(), integer("POOLGUARD_WORKLOAD_LIMITS", kv[1]));
        }
    }

    private static void warn(String setting, String message) {
        log.warn("Poolguard setting {}: {}", setting, message);
    }

    /** Every duration setting: not null, not negative, at most {@code max} (1d unless the setting's own is lower). */
    private static void requireDuration(String setting, Duration d, Duration max) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative()) {
            throw new InvalidConfigurationException(setting, Durations.format(d) + " is negative");
        }
        Durations.requireAtMost(setting, d, max);
    }

    private static int integer(String setting, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(setting, "'" + value + "' is not a whole number");
        }
    }

    private static boolean bool(String setting, String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1": return true;
            case "false": case "no": case "off": case "0": return false;
            default: throw new InvalidConfigurationException(setting, "'" + value + "' is not true or false");
        }
    }
}
