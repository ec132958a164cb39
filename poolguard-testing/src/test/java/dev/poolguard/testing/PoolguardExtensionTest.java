package dev.poolguard.testing;

import dev.poolguard.Database;
import dev.poolguard.embedded.SharedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class PoolguardExtensionTest {

    static Database db;

    @BeforeAll
    static void open() {
        db = Database.builder().url(SharedPostgres.server().url()).minIdle(0).build();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** Poolguard's own tests run under the extension too (docs/diagnostics.md shows these lines). */
    // snippet: extension
    @RegisterExtension
    static PoolguardExtension poolguard = PoolguardExtension.watching(() -> db);
    // end snippet

    @Test
    void aCleanTestPasses() {
        assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1);
    }

    @Test
    void aTestLeavingALeaseOpenFailsNamingTheCallSite() {
        try {
            Events events = run(LeakingFixture.class);
            events.assertStatistics(s -> s.failed(1));
            Throwable failure = failureOf(events);
            assertThat(failure).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("test left 1 connection lease open:")
                    .hasMessageContaining("dev.poolguard.testing.PoolguardExtensionTest$LeakingFixture.leaks(PoolguardExtensionTest.java:")
                    .hasMessageContaining("sql select ?");
        } finally {
            LeakingFixture.release.countDown(); // a failed assertion must not leave the lease to fail the next tests
        }
    }

    @Test
    void aTestLeavingATaskUnfinishedFailsNamingWhereItWasSubmitted() {
        try {
            Events events = run(TaskFixture.class);
            events.assertStatistics(s -> s.failed(1));
            Throwable failure = failureOf(events);
            assertThat(failure).hasMessageContaining("test left 1 background task unfinished:")
                    .hasMessageContaining("'summary' {campaign_id=3} submitted at dev.poolguard.testing.PoolguardExtensionTest$TaskFixture.startsATask(");
        } finally {
            TaskFixture.release.countDown();
        }
    }

    @Test
    void strictQueriesFailTheOffendingCallDuringTheTestOnly() {
        Events events = run(StrictFixture.class);
        events.assertStatistics(s -> s.failed(1));
        Throwable failure = failureOf(events);
        assertThat(failure).isInstanceOf(dev.poolguard.QueryGuardException.class)
                .hasMessageStartingWith("UNBOUNDED_RESULT:")
                .hasMessageContaining("PoolguardExtensionTest$StrictFixture.readsEverything(PoolguardExtensionTest.java:");
        assertThat(db.strictQueries()).as("strict mode is restored after the test").isFalse();
    }

    private static Throwable failureOf(Events events) {
        return events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    private static Events run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
    }

    static class LeakingFixture {
        static final CountDownLatch release = new CountDownLatch(1);

        @RegisterExtension
        PoolguardExtension poolguard = PoolguardExtension.watching(() -> db).grace(Duration.ofMillis(200));

        @Test
        void leaks() {
            new Thread(() -> db.withConnection(c -> {
                c.createStatement().execute("select 1");
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            })).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // until the lease has run its statement, so the failure can name the SQL
            while (db.diagnostics().leases().stream().noneMatch(l -> l.sql() != null) && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    static class StrictFixture {
        @RegisterExtension
        PoolguardExtension poolguard = PoolguardExtension.watching(() -> db).strictQueries();

        @Test
        void readsEverything() {
            db.query("select g from generate_series(1, 5000) g", rs -> rs.getInt(1));
        }
    }

    static class TaskFixture {
        static final CountDownLatch release = new CountDownLatch(1);

        @RegisterExtension
        PoolguardExtension poolguard = PoolguardExtension.watching(() -> db).grace(Duration.ofMillis(200));

        @Test
        void startsATask() {
            db.tasks().submit("summary", Map.of("campaign_id", "3"), () -> release.await(10, TimeUnit.SECONDS));
        }
    }
}
