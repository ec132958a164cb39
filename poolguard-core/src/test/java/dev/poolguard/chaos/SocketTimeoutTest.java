package dev.poolguard.chaos;

import dev.poolguard.ConnectionLostException;
import dev.poolguard.Database;
import dev.poolguard.Pg;
import dev.poolguard.PoolguardException;
import dev.poolguard.retry.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A statement that outlives {@code socketTimeout}: the caller gets a connection loss with an unknown outcome, and the
 * server-side backend still running it (and holding its locks) is terminated rather than left to finish for nobody.
 */
class SocketTimeoutTest {

    @Test
    void aStatementOutlivingTheSocketTimeoutFailsAndItsBackendIsTerminated() {
        try (Database db = Pg.builder().applicationName("socket_timeout_test").socketTimeout(Duration.ofSeconds(1))
                .retry(RetryPolicy.none()).build();
             Database observer = Pg.builder().applicationName("socket_timeout_observer").build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> db.update("select pg_sleep(20)"))
                    .isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("outcome is unknown")
                    .satisfies(e -> assertThat(((PoolguardException) e).attempts()).isEqualTo(1));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            // the sleeping backend is gone long before its 20 s are up
            await().atMost(Duration.ofSeconds(5)).until(() -> observer.queryOne(
                    "select count(*) from pg_stat_activity where application_name = ? and query like ?",
                    rs -> rs.getLong(1), "socket_timeout_test", "%pg_sleep(20)%").orElseThrow() == 0L);
            assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).as("the pool serves again").contains(1);
            assertThat(db.diagnostics().status().active()).isZero();
        }
    }
}
