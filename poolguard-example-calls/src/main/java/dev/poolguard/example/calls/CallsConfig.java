package dev.poolguard.example.calls;

import dev.poolguard.example.calls.streams.StreamLookup;
import dev.poolguard.example.calls.support.Settings;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The reference service's settings, immutable once built. Every default is a named constant; each builder method
 * checks its own value. {@link #fromEnv(Map)} reads the {@code CALLS_*} variables (and {@code TWILIO_AUTH_TOKEN}); the
 * database is configured separately, from {@code DATABASE_URL} and {@code POOLGUARD_*}.
 */
public final class CallsConfig {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** Largest request body accepted; a bulk of 1,000 leads is about 100 KB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Threads claiming and dialing queued calls, per instance. */
    public static final int DEFAULT_QUEUE_WORKERS = 2;
    public static final Duration DEFAULT_QUEUE_POLL = Duration.ofMillis(200);
    /** Calls one worker claims (one transaction each) before it yields its thread. */
    public static final int DEFAULT_CLAIM_BATCH = 20;
    public static final Duration DEFAULT_SCHEDULER_INTERVAL = Duration.ofSeconds(1);
    /** A call claimed but never given a call_sid this long (its instance died mid-dial) is failed, freeing its slot. */
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(60);
    /** What SIGTERM gives in-flight requests, then background tasks, before the pool closes. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** Connections: HTTP requests share what the background workload (queue, scheduler, email) does not take. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** A Media Stream that sends nothing this long is closed (Twilio sends a frame every 20 ms). */
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** Largest Media Streams message accepted; a 20 ms media message is about 300 bytes. */
    public static final long DEFAULT_STREAM_MAX_MESSAGE_BYTES = 64 * 1024;

    private final String host;
    private final int port;
    private final URI publicUrl;
    private final String authToken;
    private final boolean authTokenGenerated;
    private final String instanceId;
    private final long maxBodyBytes;
    private final int queueWorkers;
    private final Duration queuePoll;
    private final int claimBatch;
    private final Duration schedulerInterval;
    private final Duration dialTimeout;
    private final Duration drainTimeout;
    private final int poolSize;
    private final boolean strictQueries;
    private final String dashboardToken;
    private final Duration streamIdleTimeout;
    private final long streamMaxMessageBytes;
    private final StreamLookup streamLookup;
    private final Set<String> allowedHosts;
    private final String migrationUrl;

    private CallsConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.publicUrl = b.publicUrl;
        this.migrationUrl = b.migrationUrl;
        this.authTokenGenerated = b.authToken == null;
        this.authToken = b.authToken == null ? randomToken() : b.authToken;
        this.instanceId = b.instanceId == null ? defaultInstanceId() : b.instanceId;
        this.maxBodyBytes = b.maxBodyBytes;
        this.queueWorkers = b.queueWorkers;
        this.queuePoll = b.queuePoll;
        this.claimBatch = b.claimBatch;
        this.schedulerInterval = b.schedulerInterval;
        this.dialTimeout = b.dialTimeout;
        this.drainTimeout = b.drainTimeout;
        this.poolSize = b.poolSize;
        this.strictQueries = b.strictQueries;
        this.dashboardToken = b.dashboardToken;
        this.streamIdleTimeout = b.streamIdleTimeout;
        this.streamMaxMessageBytes = b.streamMaxMessageBytes;
        this.streamLookup = b.streamLookup;
        this.allowedHosts = Set.copyOf(b.allowedHosts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CallsConfig defaults() {
        return builder().build();
    }

    /** Reads {@code CALLS_*} and {@code TWILIO_AUTH_TOKEN}; see README "Reference service" for the list. */
    public static CallsConfig fromEnv(Map<String, String> env) {
        Settings s = new Settings(env);
        Builder b = builder()
                .host(s.string("CALLS_HOST", DEFAULT_HOST))
                .port(s.integer("CALLS_PORT", DEFAULT_PORT, 0, 65535))
                .maxBodyBytes(s.bytes("CALLS_MAX_BODY", DEFAULT_MAX_BODY_BYTES))
                .queueWorkers(s.integer("CALLS_QUEUE_WORKERS", DEFAULT_QUEUE_WORKERS, 1, 64))
                .queuePoll(s.duration("CALLS_QUEUE_POLL", DEFAULT_QUEUE_POLL))
                .claimBatch(s.integer("CALLS_CLAIM_BATCH", DEFAULT_CLAIM_BATCH, 1, 1000))
                .schedulerInterval(s.duration("CALLS_SCHEDULER_INTERVAL", DEFAULT_SCHEDULER_INTERVAL))
                .dialTimeout(s.duration("CALLS_DIAL_TIMEOUT", DEFAULT_DIAL_TIMEOUT))
                .drainTimeout(s.duration("CALLS_DRAIN_TIMEOUT", DEFAULT_DRAIN_TIMEOUT))
                .poolSize(s.integer("CALLS_POOL_SIZE", DEFAULT_POOL_SIZE, 4, 1000))
                .streamIdleTimeout(s.duration("CALLS_STREAM_IDLE_TIMEOUT", DEFAULT_STREAM_IDLE_TIMEOUT))
                .streamMaxMessageBytes(s.bytes("CALLS_STREAM_MAX_MESSAGE", DEFAULT_STREAM_MAX_MESSAGE_BYTES));
        if (s.isSet("CALLS_ALLOWED_HOSTS")) {
            b.allowedHosts(Arrays.stream(s.string("CALLS_ALLOWED_HOSTS", "").split(","))
                    .map(String::strip).filter(h -> !h.isEmpty()).toList());
        }
        if (s.isSet("CALLS_STREAM_LOOKUP")) {
            b.streamLookup(StreamLookup.of("CALLS_STREAM_LOOKUP", s.string("CALLS_STREAM_LOOKUP", null)));
        }
        if (s.isSet("CALLS_PUBLIC_URL")) {
            b.publicUrl(s.string("CALLS_PUBLIC_URL", null));
        }
        if (s.isSet("CALLS_MIGRATION_URL")) {
            b.migrationUrl(s.string("CALLS_MIGRATION_URL", null));
        }
        if (s.isSet("TWILIO_AUTH_TOKEN")) {
            b.authToken(s.string("TWILIO_AUTH_TOKEN", null));
        }
        if (s.isSet("CALLS_DASHBOARD_TOKEN")) {
            b.dashboardToken(s.string("CALLS_DASHBOARD_TOKEN", null));
        }
        if (s.isSet("CALLS_INSTANCE_ID")) {
            b.instanceId(s.string("CALLS_INSTANCE_ID", null));
        }
        return b.build();
    }

    public String host() {
        return host;
    }

    /** 0 picks a free port (tests). */
    public int port() {
        return port;
    }

    /**
     * The base URL the telephony provider posts status callbacks to, and the one their signatures are computed
     * over; {@code null} means the URL the service is bound to. Set it behind a proxy or load balancer.
     */
    /**
     * Where Flyway migrates, when not the pool's URL: a direct connection to PostgreSQL. Behind a transaction pooler
     * migrations need one (Flyway holds a session-level advisory lock and uses prepared statements), which is why
     * Supabase and Neon hand out a direct URL beside the pooled one. {@code null}: the pool's URL.
     */
    public String migrationUrl() {
        return migrationUrl;
    }

    public URI publicUrl() {
        return publicUrl;
    }

    /** The Twilio auth token webhooks are signed with. Never printed. */
    public String authToken() {
        return authToken;
    }

    /** True when no token was configured and a random one was made for this process. */
    public boolean authTokenGenerated() {
        return authTokenGenerated;
    }

    public String instanceId() {
        return instanceId;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public int queueWorkers() {
        return queueWorkers;
    }

    public Duration queuePoll() {
        return queuePoll;
    }

    public int claimBatch() {
        return claimBatch;
    }

    public Duration schedulerInterval() {
        return schedulerInterval;
    }

    public Duration dialTimeout() {
        return dialTimeout;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public int poolSize() {
        return poolSize;
    }

    /**
     * The secret the Poolguard dashboard ({@code /poolguard}) and {@code /metrics} require, or null. Without one they
     * are mounted only when the service listens on loopback.
     */
    public String dashboardToken() {
        return dashboardToken;
    }

    /** Whether the service listens on loopback only, where the dashboard may go without a token. */
    public boolean loopbackOnly() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
    }

    /** Query guard in strict mode: an unbounded read or an N+1 fails the request (the test suite runs this way). */
    public boolean strictQueries() {
        return strictQueries;
    }

    /** A Media Stream socket silent this long is closed and its stream ended as {@code silent}. */
    public Duration streamIdleTimeout() {
        return streamIdleTimeout;
    }

    /** Largest Media Streams message; a larger one closes the socket (1009) and ends its stream as {@code oversize}. */
    public long streamMaxMessageBytes() {
        return streamMaxMessageBytes;
    }

    /**
     * The host names a request's {@code Host} (and {@code Origin}) may carry: loopback names, the listening host, the
     * public URL's host and {@code CALLS_ALLOWED_HOSTS}. Anything else is refused (DNS rebinding, cross-site requests).
     */
    public Set<String> hostNames() {
        Set<String> names = new HashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            names.add(host.replace("[", "").replace("]", "").toLowerCase(Locale.ROOT));
        }
        if (publicUrl != null) {
            names.add(publicUrl.getHost().toLowerCase(Locale.ROOT));
        }
        allowedHosts.forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
        return names;
    }

    /** How a stream's start finds its call: indexed, or the incidents' fetch-all (to measure it only). */
    public StreamLookup streamLookup() {
        return streamLookup;
    }

    /** Background connections: the queue workers, the scheduler and the email sender; HTTP keeps the rest. */
    public int backgroundConnections() {
        return queueWorkers + 2; // build() keeps at least 2 connections for HTTP
    }

    /** A copy with another port (the demo and tests pick one). */
    public CallsConfig withPort(int port) {
        return toBuilder().port(port).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.publicUrl = publicUrl;
        b.migrationUrl = migrationUrl;
        b.authToken = authToken;
        b.instanceId = instanceId;
        b.maxBodyBytes = maxBodyBytes;
        b.queueWorkers = queueWorkers;
        b.queuePoll = queuePoll;
        b.claimBatch = claimBatch;
        b.schedulerInterval = schedulerInterval;
        b.dialTimeout = dialTimeout;
        b.drainTimeout = drainTimeout;
        b.poolSize = poolSize;
        b.strictQueries = strictQueries;
        b.dashboardToken = dashboardToken;
        b.streamIdleTimeout = streamIdleTimeout;
        b.streamMaxMessageBytes = streamMaxMessageBytes;
        b.streamLookup = streamLookup;
        b.allowedHosts = allowedHosts;
        return b;
    }

    @Override
    public String toString() {
        return "CallsConfig{host=" + host + ", port=" + port + ", publicUrl=" + publicUrl + ", authToken="
                + (authTokenGenerated ? "generated" : "****") + ", instance=" + instanceId + ", maxBody=" + maxBodyBytes
                + "B, queueWorkers=" + queueWorkers + ", queuePoll=" + queuePoll.toMillis() + "ms, claimBatch=" + claimBatch
                + ", schedulerInterval=" + schedulerInterval.toMillis() + "ms, dialTimeout=" + dialTimeout.toSeconds()
                + "s, drainTimeout=" + drainTimeout.toSeconds() + "s, poolSize=" + poolSize + (strictQueries ? ", strict" : "")
                + (dashboardToken == null ? "" : ", dashboardToken=****") + ", streamIdleTimeout=" + streamIdleTimeout.toMillis()
                + "ms, streamMaxMessage=" + streamMaxMessageBytes + "B" + (streamLookup == StreamLookup.INDEXED ? ""
                : ", streamLookup=" + streamLookup.value()) + "}";
    }

    private static String randomToken() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static String defaultInstanceId() {
        // "pid@host" from the runtime; enough to tell instances apart in dialed_by
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    /** Builds a {@link CallsConfig}; each method checks its value. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private URI publicUrl;
        private String migrationUrl;
        private String authToken;
        private String instanceId;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int queueWorkers = DEFAULT_QUEUE_WORKERS;
        private Duration queuePoll = DEFAULT_QUEUE_POLL;
        private int claimBatch = DEFAULT_CLAIM_BATCH;
        private Duration schedulerInterval = DEFAULT_SCHEDULER_INTERVAL;
        private Duration dialTimeout = DEFAULT_DIAL_TIMEOUT;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private int poolSize = DEFAULT_POOL_SIZE;
        private boolean strictQueries;
        private String dashboardToken;
        private Duration streamIdleTimeout = DEFAULT_STREAM_IDLE_TIMEOUT;
        private long streamMaxMessageBytes = DEFAULT_STREAM_MAX_MESSAGE_BYTES;
        private StreamLookup streamLookup = StreamLookup.INDEXED;
        private Collection<String> allowedHosts = List.of();

        private Builder() {
        }

        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host: is empty");
            }
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = Settings.checkRange("port", port, 0, 65535);
            return this;
        }

        /** A direct PostgreSQL URL for migrations ({@code CALLS_MIGRATION_URL}); credentials default to the pool's. */
        public Builder migrationUrl(String url) {
            // checked now, so a bad URL fails at start with the setting's name, never quoting the password
            dev.poolguard.Database.builder().url(Objects.requireNonNull(url, "migrationUrl")).config();
            this.migrationUrl = url;
            return this;
        }

        public Builder publicUrl(String url) {
            URI uri;
            try {
                uri = URI.create(Objects.requireNonNull(url, "publicUrl").replaceAll("/+$", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("publicUrl: '" + url + "' is not a URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("publicUrl: '" + url + "' is not an http(s) URL with a host");
            }
            this.publicUrl = uri;
            return this;
        }

        public Builder authToken(String token) {
            if (token == null || token.length() < 8) {
                throw new IllegalArgumentException("authToken: must be at least 8 characters");
            }
            this.authToken = token;
            return this;
        }

        public Builder instanceId(String id) {
            if (id == null || id.isBlank() || id.length() > 100) {
                throw new IllegalArgumentException("instanceId: must be 1..100 characters");
            }
            this.instanceId = id;
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1024 || bytes > 64L * 1024 * 1024) {
                throw new IllegalArgumentException("maxBodyBytes: " + bytes + " is out of range 1024..67108864");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        public Builder queueWorkers(int workers) {
            this.queueWorkers = Settings.checkRange("queueWorkers", workers, 1, 64);
            return this;
        }

        public Builder queuePoll(Duration poll) {
            this.queuePoll = checkDuration("queuePoll", poll, Duration.ofMillis(10), Duration.ofMinutes(1));
            return this;
        }

        public Builder claimBatch(int batch) {
            this.claimBatch = Settings.checkRange("claimBatch", batch, 1, 1000);
            return this;
        }

        public Builder schedulerInterval(Duration interval) {
            this.schedulerInterval = checkDuration("schedulerInterval", interval, Duration.ofMillis(50), Duration.ofMinutes(10));
            return this;
        }

        public Builder dialTimeout(Duration timeout) {
            this.dialTimeout = checkDuration("dialTimeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = checkDuration("drainTimeout", timeout, Duration.ZERO, Duration.ofMinutes(10));
            return this;
        }

        public Builder poolSize(int size) {
            this.poolSize = Settings.checkRange("poolSize", size, 4, 1000);
            return this;
        }

        public Builder strictQueries(boolean strict) {
            this.strictQueries = strict;
            return this;
        }

        /** 16 to 512 characters; see {@link CallsConfig#dashboardToken()}. */
        public Builder dashboardToken(String token) {
            if (token == null || token.length() < 16 || token.length() > 512) {
                throw new IllegalArgumentException("dashboardToken: must be 16..512 characters");
            }
            this.dashboardToken = token;
            return this;
        }

        public Builder streamIdleTimeout(Duration timeout) {
            this.streamIdleTimeout = checkDuration("streamIdleTimeout", timeout, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        public Builder streamMaxMessageBytes(long bytes) {
            if (bytes < 1024 || bytes > 16L * 1024 * 1024) {
                throw new IllegalArgumentException("streamMaxMessageBytes: " + bytes + " is out of range 1024..16777216");
            }
            this.streamMaxMessageBytes = bytes;
            return this;
        }

        /** {@link StreamLookup#FETCH_ALL} reproduces the incidents' lookup, to measure it; never in production. */
        public Builder streamLookup(StreamLookup lookup) {
            this.streamLookup = Objects.requireNonNull(lookup, "streamLookup");
            return this;
        }

        /** More host names the service answers to (behind a proxy, say), besides loopback and the public URL's host. */
        public Builder allowedHosts(Collection<String> hosts) {
            for (String h : hosts) {
                if (h == null || h.isBlank() || h.length() > 253 || h.contains("/") || h.contains(" ")) {
                    throw new IllegalArgumentException("allowedHosts: '" + h + "' is not a host name");
                }
            }
            this.allowedHosts = List.copyOf(hosts);
            return this;
        }

        public CallsConfig build() {
            if (queueWorkers + 2 > poolSize - 2) {
                throw new IllegalArgumentException("queueWorkers: " + queueWorkers + " workers need a poolSize of at least "
                        + (queueWorkers + 4) + " (workers + scheduler + email, and 2 for HTTP), was " + poolSize);
            }
            return new CallsConfig(this);
        }

        private static Duration checkDuration(String name, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + ": " + value.toMillis() + "ms is out of range "
                        + min.toMillis() + "ms.." + max.toMillis() + "ms");
            }
            return value;
        }
    }
}
