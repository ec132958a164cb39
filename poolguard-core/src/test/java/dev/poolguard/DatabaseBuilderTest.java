package dev.poolguard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseBuilderTest {

    private static final String URL = "postgres://app:topsecret@db.example.com:5432/app";

    @Test
    void defaultsFollowTheIncidentsAndServerlessNeeds() {
        DatabaseConfig c = Database.builder().url(URL).config();
        assertThat(c.maxPoolSize()).isEqualTo(20);
        assertThat(c.minIdle()).isEqualTo(2);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxLifetime()).isLessThan(Duration.ofMinutes(5));
        assertThat(c.keepaliveTime()).isPositive();
        assertThat(c.socketTimeout()).isPositive();
        assertThat(c.tcpKeepAlive()).isTrue();
        assertThat(c.applicationName()).isEqualTo("poolguard");
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void impossibleValuesFailNamingSettingValueAndLimit() {
        assertThatThrownBy(() -> Database.builder().maxPoolSize(0))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("maxPoolSize: 0 is out of range 1..10000");
        assertThatThrownBy(() -> Database.builder().connectionTimeout(Duration.ZERO))
                .hasMessageContaining("connectionTimeout: 0ms is below the minimum 250ms").hasMessageContaining("waiting forever");
        assertThatThrownBy(() -> Database.builder().idleTimeout(Duration.ofSeconds(5)))
                .hasMessage("idleTimeout: 5s is below the minimum 10s (0 means never)");
        assertThatThrownBy(() -> Database.builder().maxLifetime(Duration.ofSeconds(10)))
                .hasMessageContaining("maxLifetime: 10s is below the minimum 30s");
        assertThatThrownBy(() -> Database.builder().keepaliveTime(Duration.ofSeconds(5)))
                .hasMessageContaining("keepaliveTime: 5s is below the minimum 30s");
        assertThatThrownBy(() -> Database.builder().minIdle(-1)).hasMessageContaining("minIdle: -1 is negative");
        assertThatThrownBy(() -> Database.builder().socketTimeout(Duration.ofMillis(-1))).hasMessageContaining("socketTimeout: -1ms is negative");
        assertThatThrownBy(() -> Database.builder().applicationName("x".repeat(64))).hasMessageContaining("PostgreSQL keeps at most 63");
        assertThatThrownBy(() -> Database.builder().config()).hasMessageContaining("url: is not set");
    }

    @Test
    void everyDurationHasAnUpperBoundNamedInItsMessage() {
        Duration twoDays = Duration.ofDays(2);
        Map<String, java.util.function.Consumer<DatabaseBuilder>> settings = Map.of(
                "idleTimeout", b -> b.idleTimeout(twoDays), "maxLifetime", b -> b.maxLifetime(twoDays),
                "keepaliveTime", b -> b.keepaliveTime(twoDays), "socketTimeout", b -> b.socketTimeout(twoDays),
                "leakThreshold", b -> b.leakThreshold(twoDays), "heldIdleThreshold", b -> b.heldIdleThreshold(twoDays),
                "reclaimAfter", b -> b.reclaimAfter(twoDays));
        settings.forEach((name, set) -> assertThatThrownBy(() -> set.accept(Database.builder()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage(name + ": 2d is above the maximum 1d"));
        assertThatThrownBy(() -> Database.builder().connectionTimeout(Duration.ofMinutes(90)))
                .hasMessage("connectionTimeout: 90m is above the maximum 1h");
        assertThatThrownBy(() -> Database.builder().drainTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
                .hasMessage("drainTimeout: 9223372036854775807s is above the maximum 1h");
        assertThatThrownBy(() -> dev.poolguard.guard.QueryGuard.builder().slowQuery(twoDays))
                .hasMessage("slowQuery: 2d is above the maximum 1d");
        assertThatThrownBy(() -> dev.poolguard.guard.QueryGuard.builder().reportInterval(twoDays))
                .hasMessage("reportInterval: 2d is above the maximum 1d");
    }

    @Test
    void aHugeDurationFromTheEnvironmentFailsTheBuildClearlyAndStartsNothing() {
        // 999999d used to pass, start the pool, then overflow toNanos in the watchdog with the pool left running.
        assertThatThrownBy(() -> Database.builder().fromEnv(Map.of("DATABASE_URL", Pg.server().url(),
                "POOLGUARD_LEAK_THRESHOLD", "999999d")).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("leakThreshold: 999999d is above the maximum 1d");
        assertThatThrownBy(() -> Database.builder().fromEnv(Map.of("POOLGUARD_RECLAIM_AFTER", "99999999999999999999d")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("POOLGUARD_RECLAIM_AFTER: '99999999999999999999d' is far above the maximum 1d");
        assertThatThrownBy(() -> Database.builder().fromEnv(Map.of("POOLGUARD_SOCKET_TIMEOUT", "9999999999999999h")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("POOLGUARD_SOCKET_TIMEOUT: '9999999999999999h' is far above the maximum 1d");
    }

    @Test
    void aFixedSizePoolStartsWithoutHikariWarningAboutItsIdleTimeout() {
        try (LogCapture logs = new LogCapture(); Database db = Pg.builder().maxPoolSize(3).minIdle(3).build()) {
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1);
            assertThat(logs.text()).doesNotContain("idleTimeout has been set but has no effect");
        }
    }

    @Test
    void doubtfulCombinationsAreAdjustedWithOneWarningEach() {
        try (LogCapture logs = new LogCapture()) {
            DatabaseConfig c = Database.builder().url(URL).maxPoolSize(5).minIdle(8)
                    .maxLifetime(Duration.ofMinutes(2)).idleTimeout(Duration.ofMinutes(3)).keepaliveTime(Duration.ofMinutes(2)).config();
            assertThat(c.minIdle()).isEqualTo(5);
            assertThat(c.idleTimeout()).isZero();
            assertThat(c.keepaliveTime()).isZero();
            assertThat(logs.messagesAt("WARN")).containsExactly(
                    "Poolguard setting minIdle: 8 is above maxPoolSize 5; using 5",
                    "Poolguard setting idleTimeout: 3m is not below maxLifetime 2m: connections retire by lifetime first; idle timeout disabled",
                    "Poolguard setting keepaliveTime: 2m is not below maxLifetime 2m: probes would never run; keepalive disabled");
        }
    }

    @Test
    void passwordNeverAppearsInConfigOrDatabaseText() {
        DatabaseConfig c = Database.builder().url(URL).config();
        assertThat(c.toString()).doesNotContain("topsecret").contains("app:****@");
        DatabaseConfig explicit = Database.builder().url("postgres://h/db").user("u").password("pw-123").config();
        assertThat(explicit.toString()).doesNotContain("pw-123").contains("password=****");
    }

    @Test
    void environmentConfiguresEverySetting() {
        DatabaseConfig c = Database.builder().fromEnv(Map.ofEntries(
                Map.entry("DATABASE_URL", URL),
                Map.entry("POOLGUARD_MAX_POOL_SIZE", "12"),
                Map.entry("POOLGUARD_MIN_IDLE", "1"),
                Map.entry("POOLGUARD_IDLE_TIMEOUT", "45s"),
                Map.entry("POOLGUARD_CONNECTION_TIMEOUT", "1500ms"),
                Map.entry("POOLGUARD_MAX_LIFETIME", "3m"),
                Map.entry("POOLGUARD_KEEPALIVE_TIME", "PT40S"),
                Map.entry("POOLGUARD_SOCKET_TIMEOUT", "2m"),
                Map.entry("POOLGUARD_TCP_KEEPALIVE", "false"),
                Map.entry("POOLGUARD_APPLICATION_NAME", "billing"),
                Map.entry("HOME", "/root"))).config();
        assertThat(c.maxPoolSize()).isEqualTo(12);
        assertThat(c.minIdle()).isEqualTo(1);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.connectionTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.maxLifetime()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.keepaliveTime()).isEqualTo(Duration.ofSeconds(40));
        assertThat(c.socketTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.tcpKeepAlive()).isFalse();
        assertThat(c.applicationName()).isEqualTo("billing");
    }

    @Test
    void environmentMistakesNameTheVariable() {
        assertThatThrownBy(() -> Database.builder().fromEnv(Map.of("POOLGUARD_MAX_POOLSIZE", "5")))
                .hasMessageStartingWith("POOLGUARD_MAX_POOLSIZE: is not a Poolguard setting; known: DATABASE_URL, POOLGUARD_MAX_POOL_SIZE");
        assertThatThrownBy(() -> Database.builder().fromEnv(Map.of("POOLGUARD_IDLE_TIMEOUT", "30")))
                .hasMessage("POOLGUARD_IDLE_TIMEOUT: '30' has no unit; write 30s or 30ms");
        assertThatThrownBy(() -> Database.builder().fromEnv(Map.of("POOLGUARD_MAX_POOL_SIZE", "many")))
                .hasMessage("POOLGUARD_MAX_POOL_SIZE: 'many' is not a whole number");
        assertThatThrownBy(() -> Database.builder().fromEnv(Map.of("POOLGUARD_TCP_KEEPALIVE", "maybe")))
                .hasMessage("POOLGUARD_TCP_KEEPALIVE: 'maybe' is not true or false");
        assertThat(Database.builder().url("postgres://db/app").fromEnv(Map.of("POOLGUARD_LOG_LEVEL", "DEBUG")).config())
                .as("the logging variable is known, and left to the logging configuration: it changes no setting")
                .hasToString(Database.builder().url("postgres://db/app").config().toString());
    }

    @Test
    void configJudgesTheSettingsAsTheyAreAndLeavesTheBuilderAlone() {
        DatabaseBuilder b = Database.builder().url("postgres://db/app").maxPoolSize(10).minIdle(50).workloadLimit("reports", 40);
        DatabaseConfig first = b.config();
        assertThat(first.minIdle()).as("capped in the configuration").isEqualTo(10);
        assertThat(first.workloadLimits()).containsEntry("reports", 10);
        // the builder still holds what was asked for: a larger pool later gets the minIdle and budget the caller set
        DatabaseConfig second = b.maxPoolSize(100).config();
        assertThat(second.minIdle()).isEqualTo(50);
        assertThat(second.workloadLimits()).containsEntry("reports", 40);
    }
}
