package dev.poolguard.retry;

import dev.poolguard.internal.RetryBudget;
import dev.poolguard.Ticker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void exponentialBackoffDoublesUpToTheCap() {
        Backoff b = Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(300));
        assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.delay(4)).isEqualTo(Duration.ofMillis(300));
        assertThat(b.delay(80)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void fullJitterIsUniformBelowTheExponentialCeiling() {
        Backoff top = Backoff.exponentialWithFullJitter(Duration.ofMillis(50), Duration.ofSeconds(2), () -> 0.999999);
        Backoff bottom = Backoff.exponentialWithFullJitter(Duration.ofMillis(50), Duration.ofSeconds(2), () -> 0.0);
        Backoff half = Backoff.exponentialWithFullJitter(Duration.ofMillis(50), Duration.ofSeconds(2), () -> 0.5);
        assertThat(top.delay(3).toMillis()).isEqualTo(199);
        assertThat(bottom.delay(3)).isZero();
        assertThat(half.delay(3)).isEqualTo(Duration.ofMillis(100));
        assertThat(half.delay(10)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void budgetLetsRetriesAddOnlyAFractionOfCallsPlusAFloor() {
        AtomicLong now = new AtomicLong();
        Ticker ticker = now::get;
        RetryBudget budget = RetryBudget.of(RetryPolicy.builder().budget(0.1, 2, 5).build(), ticker);
        // starts full: a burst of 5
        for (int i = 0; i < 5; i++) {
            assertThat(budget.tryAcquire()).isTrue();
        }
        assertThat(budget.tryAcquire()).as("the burst is spent").isFalse();
        // 100 calls earn 10 tokens, capped at 5
        for (int i = 0; i < 100; i++) {
            budget.recordCall();
        }
        assertThat(budget.available()).isEqualTo(5.0);
        for (int i = 0; i < 5; i++) {
            budget.tryAcquire();
        }
        // 30 calls earn 3 retries
        for (int i = 0; i < 30; i++) {
            budget.recordCall();
        }
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse();
        // with no calls at all, the floor refills 2 per second
        now.addAndGet(Duration.ofMillis(1500).toNanos());
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse();
    }

    @Test
    void policiesValidateTheirValues() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessage("maxAttempts: 0 is out of range 1..20");
        assertThatThrownBy(() -> RetryPolicy.builder().budget(1.5, 1, 10)).hasMessage("budget ratio: 1.5 is out of range 0..1");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("base must be positive");
        assertThatThrownBy(() -> Backoff.exponentialWithFullJitter(Duration.ofMillis(50), Duration.ofDays(999999)))
                .hasMessage("backoff cap: 999999d is above the maximum 1h");
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofHours(2))).hasMessage("backoff delay: 2h is above the maximum 1h");
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(4);
    }
}
