package dev.poolguard.example.calls;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallsConfigTest {

    @Test
    void defaultsWithoutEnvironment() {
        CallsConfig c = CallsConfig.fromEnv(Map.of());
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.queueWorkers()).isEqualTo(2);
        assertThat(c.backgroundConnections()).isEqualTo(4);
        assertThat(c.authTokenGenerated()).isTrue();
        assertThat(c.toString()).contains("authToken=generated");
    }

    @Test
    void readsEveryVariableAndNeverPrintsTheToken() {
        CallsConfig c = CallsConfig.fromEnv(Map.of("CALLS_PORT", "9090", "CALLS_HOST", "0.0.0.0", "TWILIO_AUTH_TOKEN", "s3cret-token",
                "CALLS_PUBLIC_URL", "https://calls.example.com/", "CALLS_QUEUE_POLL", "500ms", "CALLS_MAX_BODY", "256kb",
                "CALLS_QUEUE_WORKERS", "4", "CALLS_POOL_SIZE", "20", "CALLS_DRAIN_TIMEOUT", "30s", "CALLS_INSTANCE_ID", "web-1"));
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.publicUrl()).hasToString("https://calls.example.com");
        assertThat(c.queuePoll()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maxBodyBytes()).isEqualTo(256 * 1024);
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.instanceId()).isEqualTo("web-1");
        assertThat(c.authToken()).isEqualTo("s3cret-token");
        assertThat(c.toString()).doesNotContain("s3cret").contains("authToken=****");
    }

    @Test
    void badValuesNameTheVariableTheValueAndTheLimit() {
        assertThatThrownBy(() -> CallsConfig.fromEnv(Map.of("CALLS_PORT", "eighty")))
                .hasMessage("CALLS_PORT: 'eighty' is not a whole number");
        assertThatThrownBy(() -> CallsConfig.fromEnv(Map.of("CALLS_PORT", "70000")))
                .hasMessage("CALLS_PORT: 70000 is out of range 0..65535");
        assertThatThrownBy(() -> CallsConfig.fromEnv(Map.of("CALLS_QUEUE_POLL", "200")))
                .hasMessage("CALLS_QUEUE_POLL: '200' is not a duration; write 500ms, 30s, 5m or 1h");
        assertThatThrownBy(() -> CallsConfig.fromEnv(Map.of("CALLS_QUEUE_WORKERS", "9")))
                .hasMessage("queueWorkers: 9 workers need a poolSize of at least 13 (workers + scheduler + email, and 2 for HTTP), was 10");
        assertThatThrownBy(() -> CallsConfig.fromEnv(Map.of("CALLS_PUBLIC_URL", "calls.example.com")))
                .hasMessageStartingWith("publicUrl: 'calls.example.com' is not an http(s) URL with a host");
        assertThatThrownBy(() -> CallsConfig.fromEnv(Map.of("TWILIO_AUTH_TOKEN", "short")))
                .hasMessage("authToken: must be at least 8 characters");
    }
}
