package dev.poolguard.spring.boot;

import dev.poolguard.pooler.PoolerMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code poolguard.*}: the settings of the {@code Database} behind the application's {@code DataSource}. The URL and
 * credentials come from {@code spring.datasource.url}, {@code username} and {@code password}; every default here is
 * Poolguard's own ({@code DatabaseConfig.DEFAULT_*}), and each value is checked by {@code DatabaseBuilder}, whose error
 * names the setting and the limit.
 */
@ConfigurationProperties("poolguard")
public class PoolguardProperties {

    /** Most physical connections the pool opens (1 to 10,000). */
    private int maxPoolSize = 20;
    /** Idle connections kept open. */
    private int minIdle = 2;
    /** Longest wait for a connection before the borrow fails naming the holders (250ms to 1h). */
    private Duration connectionTimeout = Duration.ofSeconds(10);
    /** Idle connections above min-idle close after this (0 never, else at least 10s). */
    private Duration idleTimeout = Duration.ofSeconds(30);
    /** Connections are replaced after this (0 never, else at least 30s); below Neon's 5 minutes. */
    private Duration maxLifetime = Duration.ofMinutes(4);
    /** Idle connections are probed this often (0 off, else at least 30s). */
    private Duration keepaliveTime = Duration.ofSeconds(60);
    /** A read from the server fails after this long without data (0 forever, else at least 1s). */
    private Duration socketTimeout = Duration.ofSeconds(60);
    /** How long shutdown lets in-flight work, held connections and background tasks finish (0 to 1h). */
    private Duration drainTimeout = Duration.ofSeconds(10);
    /** Shown in pg_stat_activity.application_name; defaults to spring.application.name, else "poolguard". */
    private String applicationName;
    /** Name of the pool in logs, metrics and thread names. */
    private String poolName = "poolguard";
    /** A connection held longer is reported once as a LEAK naming its call site (0 off). */
    private Duration leakThreshold = Duration.ofSeconds(60);
    /** A connection held without database activity this long is reported once as HELD_IDLE (0 off). */
    private Duration heldIdleThreshold = Duration.ofSeconds(5);
    /** A connection held longer is revoked: aborted, evicted and its capacity returned (0 off, else at least 1s). */
    private Duration reclaimAfter = Duration.ZERO;
    /** Read each transaction's id before COMMIT so a COMMIT cut off can be verified (facade transactions). */
    private boolean verifyCommits = true;
    /** Prefix statements with a comment naming the Java call site, shown by pg_stat_activity. */
    private boolean sqlComments = true;
    /** Record each facade call's call site when it borrows (about 1.3 us) instead of on demand. */
    private boolean captureCallSites;
    /**
     * The application's own data-access packages (com.acme.persistence), whose frames are never named as call sites, in
     * addition to Spring, Hibernate, jOOQ, MyBatis and the others Poolguard skips.
     */
    private List<String> dataAccessPackages = new ArrayList<>();
    /** What sits between the pool and PostgreSQL: auto (detect), none, session or transaction (a pooler's mode). */
    private PoolerMode pooler = PoolerMode.AUTO;
    /** Connection budgets per workload (name to most connections held at once); "background" is db.tasks()' workload. */
    private Map<String, Integer> workloads = new LinkedHashMap<>();
    /** The query guard: N+1 per unit of work, unbounded results, slow statements. */
    private final QueryGuard queryGuard = new QueryGuard();
    /** Retries of the Database facade's calls (the DataSource never retries: the caller owns its transaction). */
    private final Retry retry = new Retry();
    /** The dashboard, on the management side (under the Actuator base path). */
    private final Dashboard dashboard = new Dashboard();
    /** Poolguard's part in Spring MVC requests. */
    private final Web web = new Web();

    /** The query guard's settings. */
    public static class QueryGuard {
        /** report (events), strict (the offending statement fails) or off. */
        private Mode mode = Mode.REPORT;
        /** Rows one statement without a LIMIT may read before it is an unbounded result. */
        private int rowBudget = 1000;
        /** More executions than this of one statement shape with different parameters in one unit of work is an N+1. */
        private int nPlusOneThreshold = 10;
        /** Statements slower than this are reported. */
        private Duration slowQuery = Duration.ofSeconds(1);
        /** Call-site prefixes the guard says nothing about (com.acme.ExportJob). */
        private List<String> ignore = new ArrayList<>();

        /** What the guard does about a violation. */
        public enum Mode { REPORT, STRICT, OFF }

        public Mode getMode() {
            return mode;
        }

        public void setMode(Mode mode) {
            this.mode = mode;
        }

        public int getRowBudget() {
            return rowBudget;
        }

        public void setRowBudget(int rowBudget) {
            this.rowBudget = rowBudget;
        }

        public int getNPlusOneThreshold() {
            return nPlusOneThreshold;
        }

        public void setNPlusOneThreshold(int nPlusOneThreshold) {
            this.nPlusOneThreshold = nPlusOneThreshold;
        }

        public Duration getSlowQuery() {
            return slowQuery;
        }

        public void setSlowQuery(Duration slowQuery) {
            this.slowQuery = slowQuery;
        }

        public List<String> getIgnore() {
            return ignore;
        }

        public void setIgnore(List<String> ignore) {
            this.ignore = ignore;
        }
    }

    /** Retry settings of the facade. */
    public static class Retry {
        /** Attempts including the first (1 turns retries off, at most 20). */
        private int maxAttempts = 4;

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }
    }

    /** Dashboard settings. */
    public static class Dashboard {
        /** Serve the dashboard at {management base path}/poolguard/ (needs Actuator and a servlet container). */
        private boolean enabled = true;
        /** A secret every dashboard request must carry (Bearer header, or ?token= once); 16 to 512 characters. */
        private String accessToken;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getAccessToken() {
            return accessToken;
        }

        public void setAccessToken(String accessToken) {
            this.accessToken = accessToken;
        }
    }

    /** Web settings. */
    public static class Web {
        /** Count each HTTP request's statements as one unit of work, for N+1 detection. */
        private boolean unitOfWork = true;

        public boolean isUnitOfWork() {
            return unitOfWork;
        }

        public void setUnitOfWork(boolean unitOfWork) {
            this.unitOfWork = unitOfWork;
        }
    }

    public int getMaxPoolSize() {
        return maxPoolSize;
    }

    public void setMaxPoolSize(int maxPoolSize) {
        this.maxPoolSize = maxPoolSize;
    }

    public int getMinIdle() {
        return minIdle;
    }

    public void setMinIdle(int minIdle) {
        this.minIdle = minIdle;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getMaxLifetime() {
        return maxLifetime;
    }

    public void setMaxLifetime(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    public Duration getKeepaliveTime() {
        return keepaliveTime;
    }

    public void setKeepaliveTime(Duration keepaliveTime) {
        this.keepaliveTime = keepaliveTime;
    }

    public Duration getSocketTimeout() {
        return socketTimeout;
    }

    public void setSocketTimeout(Duration socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    public String getApplicationName() {
        return applicationName;
    }

    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }

    public String getPoolName() {
        return poolName;
    }

    public void setPoolName(String poolName) {
        this.poolName = poolName;
    }

    public Duration getLeakThreshold() {
        return leakThreshold;
    }

    public void setLeakThreshold(Duration leakThreshold) {
        this.leakThreshold = leakThreshold;
    }

    public Duration getHeldIdleThreshold() {
        return heldIdleThreshold;
    }

    public void setHeldIdleThreshold(Duration heldIdleThreshold) {
        this.heldIdleThreshold = heldIdleThreshold;
    }

    public Duration getReclaimAfter() {
        return reclaimAfter;
    }

    public void setReclaimAfter(Duration reclaimAfter) {
        this.reclaimAfter = reclaimAfter;
    }

    public boolean isVerifyCommits() {
        return verifyCommits;
    }

    public void setVerifyCommits(boolean verifyCommits) {
        this.verifyCommits = verifyCommits;
    }

    public boolean isSqlComments() {
        return sqlComments;
    }

    public void setSqlComments(boolean sqlComments) {
        this.sqlComments = sqlComments;
    }

    public boolean isCaptureCallSites() {
        return captureCallSites;
    }

    public void setCaptureCallSites(boolean captureCallSites) {
        this.captureCallSites = captureCallSites;
    }

    public List<String> getDataAccessPackages() {
        return dataAccessPackages;
    }

    public void setDataAccessPackages(List<String> dataAccessPackages) {
        this.dataAccessPackages = dataAccessPackages;
    }

    public PoolerMode getPooler() {
        return pooler;
    }

    public void setPooler(PoolerMode pooler) {
        this.pooler = pooler;
    }

    public Map<String, Integer> getWorkloads() {
        return workloads;
    }

    public void setWorkloads(Map<String, Integer> workloads) {
        this.workloads = workloads;
    }

    public QueryGuard getQueryGuard() {
        return queryGuard;
    }

    public Retry getRetry() {
        return retry;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    public Web getWeb() {
        return web;
    }
}
