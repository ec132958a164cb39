package dev.poolguard;

import dev.poolguard.event.EventReporter;
import dev.poolguard.event.PoolListener;
import dev.poolguard.event.LoggingReporter;
import dev.poolguard.internal.DatabaseUrl;

import dev.poolguard.classify.ErrorClassifier;
import dev.poolguard.retry.RetryPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The validated, immutable settings of a {@link Database}, made by {@link DatabaseBuilder}. Every default is a
 * named constant here, with its reason. {@code toString()} never shows the password.
 */
public final class DatabaseConfig {

    /** Pool size the incidents' services settled on; below managed providers' smallest connection caps (60 on Supabase free). */
    public static final int DEFAULT_MAX_POOL_SIZE = 20;
    /** Connections kept warm so the first requests after a quiet spell do not pay a TLS handshake. */
    public static final int DEFAULT_MIN_IDLE = 2;
    /** Idle connections beyond {@code minIdle} are closed after this, well before provider and proxy idle limits. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a call waits for a connection before failing with a message that names the holders. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** Connections are replaced before Neon's 5-minute scale-to-zero and any proxy's idle cut-off can kill them. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(4);
    /** Idle connections are probed this often, so a connection killed while idle is found before a request finds it. */
    public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ofSeconds(60);
    /** A read on a dead network path fails after this instead of hanging forever (pgjdbc's default is 0, forever). */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** Time for in-flight calls and background tasks to finish when the database is closed. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** Shown in {@code pg_stat_activity.application_name}. */
    public static final String DEFAULT_APPLICATION_NAME = "poolguard";
    /** Longest SQL text put in exception messages and events. */
    public static final int DEFAULT_SQL_TEXT_LIMIT = 300;

    /** A lease held longer is reported once as a LEAK with the holder's stack. On by default: finding leaks should not need a flag. */
    public static final Duration DEFAULT_LEAK_THRESHOLD = Duration.ofSeconds(60);
    /** A lease idle on its connection this long (an HTTP call inside a transaction) is reported once as HELD_IDLE. */
    public static final Duration DEFAULT_HELD_IDLE_THRESHOLD = Duration.ofSeconds(5);
    /** Reclaim is off by default: taking a connection from running code is a decision for the application. */
    public static final Duration DEFAULT_RECLAIM_AFTER = Duration.ZERO;
    /** Queued background tasks beyond this are rejected, not dropped. */
    public static final int DEFAULT_TASK_QUEUE_CAPACITY = 1000;

    /**
     * Packages whose frames are never a call site: the data-access frameworks that call Poolguard's {@code DataSource} on
     * the application's behalf (and the reflection between them), and the markers of classes Spring generates. The call
     * site is the first frame outside Poolguard and these.
     */
    public static final List<String> DEFAULT_DATA_ACCESS_PACKAGES = List.of("org.springframework.", "org.hibernate.",
            "org.jooq.", "org.apache.ibatis.", "org.mybatis.", "jakarta.persistence.", "javax.persistence.", "org.flywaydb.",
            "liquibase.", "com.zaxxer.hikari.", "java.lang.reflect.", "jdk.internal.reflect.", "$$SpringCGLIB$$",
            "$$EnhancerBySpringCGLIB$$");

    /** HikariCP's own floors, checked here so the error names our setting. */
    static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);
    static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MIN_MAX_LIFETIME = Duration.ofSeconds(30);
    static final Duration MIN_KEEPALIVE_TIME = Duration.ofSeconds(30);
    static final int MAX_POOL_SIZE_LIMIT = 10_000;

    private final DatabaseUrl url;
    private final String user;
    private final String password;
    private final int maxPoolSize;
    private final int minIdle;
    private final Duration idleTimeout;
    private final Duration connectionTimeout;
    private final Duration maxLifetime;
    private final Duration keepaliveTime;
    private final Duration socketTimeout;
    private final boolean tcpKeepAlive;
    private final String applicationName;
    private final String poolName;
    private final Duration drainTimeout;
    private final boolean registerShutdownHook;
    private final int sqlTextLimit;
    private final Map<String, String> driverProperties;
    private final RetryPolicy retryPolicy;
    private final List<EventReporter> reporters;
    private final List<PoolListener> poolListeners;
    private final ErrorClassifier classifier;
    private final boolean verifyCommits;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final Duration leakThreshold;
    private final Duration heldIdleThreshold;
    private final Duration reclaimAfter;
    private final Map<String, Integer> workloadLimits;
    private final int taskThreads;
    private final boolean captureCallSites;
    private final dev.poolguard.guard.QueryGuard queryGuard;
    private final boolean sqlComments;
    private final int taskQueueCapacity;
    private final java.sql.Driver driver;
    private final dev.poolguard.pooler.PoolerMode pooler;
    private final List<String> dataAccessPackages;

    DatabaseConfig(DatabaseBuilder b, DatabaseUrl url, int minIdle, Duration idleTimeout, Duration keepaliveTime,
                   Map<String, Integer> workloadLimits) {
        this.url = url;
        this.user = b.user != null ? b.user : url.user();
        this.password = b.password != null ? b.password : url.password();
        this.maxPoolSize = b.maxPoolSize;
        this.minIdle = minIdle;
        this.idleTimeout = idleTimeout;
        this.connectionTimeout = b.connectionTimeout;
        this.maxLifetime = b.maxLifetime;
        this.keepaliveTime = keepaliveTime;
        this.socketTimeout = b.socketTimeout;
        this.tcpKeepAlive = b.tcpKeepAlive;
        this.applicationName = b.applicationName;
        this.poolName = b.poolName;
        this.drainTimeout = b.drainTimeout;
        this.registerShutdownHook = b.registerShutdownHook;
        this.sqlTextLimit = b.sqlTextLimit;
        this.driverProperties = Map.copyOf(b.driverProperties);
        this.retryPolicy = b.retryPolicy;
        this.reporters = List.copyOf(b.reporters.isEmpty() ? List.of(new LoggingReporter()) : b.reporters);
        this.poolListeners = List.copyOf(b.poolListeners);
        this.classifier = b.classifier;
        this.verifyCommits = b.verifyCommits;
        this.ticker = b.ticker;
        this.sleeper = b.sleeper;
        this.leakThreshold = b.leakThreshold;
        this.heldIdleThreshold = b.heldIdleThreshold;
        this.reclaimAfter = b.reclaimAfter;
        Map<String, Integer> limits = new java.util.LinkedHashMap<>(workloadLimits);
        // Background tasks always have a budget, so a flood of them cannot take the whole pool.
        limits.putIfAbsent("background", Math.max(1, b.maxPoolSize / 4));
        this.workloadLimits = java.util.Collections.unmodifiableMap(limits);
        this.taskThreads = b.taskThreads > 0 ? b.taskThreads : limits.get("background");
        this.taskQueueCapacity = b.taskQueueCapacity;
        this.captureCallSites = b.captureCallSites;
        this.queryGuard = b.queryGuard;
        this.sqlComments = b.sqlComments;
        this.driver = b.driver != null ? b.driver : new org.postgresql.Driver();
        this.pooler = b.pooler;
        java.util.LinkedHashSet<String> packages = new java.util.LinkedHashSet<>(DEFAULT_DATA_ACCESS_PACKAGES);
        packages.addAll(b.dataAccessPackages);
        this.dataAccessPackages = List.copyOf(packages);
    }

    /** Frames of these packages are never named as call sites (defaults plus the builder's). */
    public List<String> dataAccessPackages() {
        return dataAccessPackages;
    }

    /** What the application says sits between the pool and PostgreSQL; {@code AUTO} (the default) detects it. */
    public dev.poolguard.pooler.PoolerMode pooler() {
        return pooler;
    }

    /** The provider the URL's host belongs to ({@code OTHER} when none is known). */
    public dev.poolguard.pooler.Provider provider() {
        return url.provider();
    }

    /** Whether every host in the URL is this machine. */
    public boolean loopbackHost() {
        return url.loopback();
    }

    /**
     * The route known before any connection: the {@link #pooler()} setting when it is not {@code AUTO}, else what the URL
     * names, else not known yet (detected on the first connection).
     */
    public dev.poolguard.pooler.Route initialRoute() {
        dev.poolguard.pooler.Provider provider = url.provider();
        String name = url.impliedRoute() != null ? url.impliedRoute().pooler() : null;
        switch (pooler) {
            case NONE:
                return new dev.poolguard.pooler.Route(dev.poolguard.pooler.Route.Kind.DIRECT, provider, null,
                        dev.poolguard.pooler.Route.Source.SETTING, "pooler(NONE)");
            case SESSION:
                return new dev.poolguard.pooler.Route(dev.poolguard.pooler.Route.Kind.SESSION_POOLER, provider, name,
                        dev.poolguard.pooler.Route.Source.SETTING, "pooler(SESSION)");
            case TRANSACTION:
                return new dev.poolguard.pooler.Route(dev.poolguard.pooler.Route.Kind.TRANSACTION_POOLER, provider, name,
                        dev.poolguard.pooler.Route.Source.SETTING, "pooler(TRANSACTION)");
            default:
                dev.poolguard.pooler.Route implied = url.impliedRoute();
                return implied != null ? implied : new dev.poolguard.pooler.Route(dev.poolguard.pooler.Route.Kind.UNKNOWN,
                        provider, null, dev.poolguard.pooler.Route.Source.NOT_YET, "");
        }
    }

    /** The URL's parameters (credentials and secrets left out); pgjdbc reads them and they win over driver properties. */
    public Map<String, String> urlParameters() {
        return url.params();
    }

    /** Whether the URL or a driver property sets the pgjdbc property {@code name}. */
    public boolean setsDriverProperty(String name) {
        return url.hasParam(name) || driverProperties.containsKey(name);
    }

    /** Secret driver properties from the URL ({@code sslpassword}), for the connector only; never log them. */
    public Map<String, String> secretDriverProperties() {
        return url.secretParams();
    }

    /** The JDBC driver that opens physical connections: pgjdbc's unless {@link DatabaseBuilder#driver} set another. */
    public java.sql.Driver driver() {
        return driver;
    }

    public dev.poolguard.guard.QueryGuard queryGuard() {
        return queryGuard;
    }

    /** Whether statements carry a leading comment naming the application and call site (for pg_stat_activity). */
    public boolean sqlComments() {
        return sqlComments;
    }

    /** Whether every call records its call site when it borrows (about 1.3 µs) instead of on demand. */
    public boolean captureCallSites() {
        return captureCallSites;
    }

    /** Leases held longer are reported as leaks; {@link Duration#ZERO} is off. */
    public Duration leakThreshold() {
        return leakThreshold;
    }

    /** Leases idle on their connection longer are reported as HELD_IDLE; zero is off. */
    public Duration heldIdleThreshold() {
        return heldIdleThreshold;
    }

    /** Leases held longer are revoked; zero (the default) is off. */
    public Duration reclaimAfter() {
        return reclaimAfter;
    }

    /** Connection budgets per workload; {@code background} always has one (default a quarter of the pool). */
    public Map<String, Integer> workloadLimits() {
        return workloadLimits;
    }

    public int taskThreads() {
        return taskThreads;
    }

    public int taskQueueCapacity() {
        return taskQueueCapacity;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The reporters events go to; {@link LoggingReporter} alone when none was added. */
    public List<EventReporter> reporters() {
        return reporters;
    }

    /** The pool listeners given to the builder. */
    public List<PoolListener> poolListeners() {
        return poolListeners;
    }

    public ErrorClassifier classifier() {
        return classifier;
    }

    /** Whether transactions read their id before COMMIT so a COMMIT cut off by a dead connection can be resolved. */
    public boolean verifyCommits() {
        return verifyCommits;
    }

    public Ticker ticker() {
        return ticker;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    /** JDBC URL without credentials. */
    public String jdbcUrl() {
        return url.jdbcUrl();
    }

    /** The URL as configured, password masked. */
    public String maskedUrl() {
        return url.toString();
    }

    public String user() {
        return user;
    }

    /** The password, for the connector only; never log it. */
    public String password() {
        return password;
    }

    public int maxPoolSize() {
        return maxPoolSize;
    }

    public int minIdle() {
        return minIdle;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    public Duration maxLifetime() {
        return maxLifetime;
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

    public String applicationName() {
        return applicationName;
    }

    public String poolName() {
        return poolName;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public boolean registerShutdownHook() {
        return registerShutdownHook;
    }

    public int sqlTextLimit() {
        return sqlTextLimit;
    }

    /** Extra pgjdbc properties; they are defaults that parameters in the URL override. */
    public Map<String, String> driverProperties() {
        return driverProperties;
    }

    @Override
    public String toString() {
        return "DatabaseConfig{url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", maxPoolSize=" + maxPoolSize + ", minIdle=" + minIdle + ", idleTimeout=" + ms(idleTimeout)
                + ", connectionTimeout=" + ms(connectionTimeout) + ", maxLifetime=" + ms(maxLifetime)
                + ", keepaliveTime=" + ms(keepaliveTime) + ", socketTimeout=" + ms(socketTimeout)
                + ", tcpKeepAlive=" + tcpKeepAlive + ", applicationName=" + applicationName + ", poolName=" + poolName
                + ", drainTimeout=" + ms(drainTimeout) + ", retry=" + retryPolicy + ", verifyCommits=" + verifyCommits
                + ", leakThreshold=" + ms(leakThreshold) + ", heldIdleThreshold=" + ms(heldIdleThreshold) + ", reclaimAfter="
                + ms(reclaimAfter) + ", workloadLimits=" + workloadLimits + ", taskThreads=" + taskThreads + ", queryGuard=" + queryGuard
                + ", sqlComments=" + sqlComments + ", pooler=" + pooler
                + (driver instanceof org.postgresql.Driver ? "" : ", driver=" + driver.getClass().getName()) + "}";
    }

    private static String ms(Duration d) {
        return d.toMillis() + "ms";
    }
}
