package dev.poolguard.guard;

import dev.poolguard.Database;
import dev.poolguard.event.DiagnosticEvent;
import dev.poolguard.event.EventType;
import dev.poolguard.Pg;
import dev.poolguard.QueryGuardException;
import dev.poolguard.RecordingReporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The second incident, written against Poolguard, caught at run time with the line that did it. */
class QueryGuardTest {

    record Call(long id, String callSid, String status) {
    }

    static final RecordingReporter events = new RecordingReporter();
    static Database db;

    @BeforeAll
    static void seed() {
        db = Pg.builder().addReporter(events).queryGuard(QueryGuard.builder().reportInterval(Duration.ZERO).build()).build();
        db.update("drop table if exists guard_calls");
        db.update("create table guard_calls (id bigserial primary key, call_sid text not null unique, status text not null)");
        db.update("insert into guard_calls (call_sid, status) select 'CA' || g, 'completed' from generate_series(1, 50000) g");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void clear() {
        events.clear();
    }

    /** The incidents' CallService.getAllCalls(). */
    static List<Call> getAllCalls(Database d) {
        return d.query("select id, call_sid, status from guard_calls", rs -> new Call(rs.getLong(1), rs.getString(2), rs.getString(3)));
    }

    static Optional<Call> getCallByCallSid(Database d, String sid) {
        return d.queryOne("select id, call_sid, status from guard_calls where call_sid = ?",
                rs -> new Call(rs.getLong(1), rs.getString(2), rs.getString(3)), sid);
    }

    @Test
    void fetchAllThenFilterIsReportedWithTheLineThatDidIt() {
        Optional<Call> found = getAllCalls(db).stream().filter(c -> c.callSid().equals("CA777")).findFirst();
        assertThat(found).isPresent();
        await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.UNBOUNDED_RESULT).size() == 1);
        DiagnosticEvent e = events.of(EventType.UNBOUNDED_RESULT).get(0);
        assertThat(e.context().callSite()).startsWith("dev.poolguard.guard.QueryGuardTest.getAllCalls(QueryGuardTest.java:");
        assertThat(e.context().sql()).isEqualTo("select id, call_sid, status from guard_calls");
        assertThat(e.message()).contains("read 50000 rows (budget 1000) and has no LIMIT").contains("the connection was held")
                .contains("db.rowBudget(");
        assertThat(e.tags()).containsEntry("rule", "unbounded_result");
    }

    @Test
    void theIndexedLookupIsNotReported() {
        long before = count(db, EventType.UNBOUNDED_RESULT);
        assertThat(getCallByCallSid(db, "CA777")).map(Call::status).contains("completed");
        assertThat(db.query("select call_sid from guard_calls order by id limit 5000", rs -> rs.getString(1))).hasSize(5000);
        assertThat(count(db, EventType.UNBOUNDED_RESULT)).as("LIMIT bounds a result whatever its size").isEqualTo(before);
    }

    @Test
    void aLoopOfPerRowLookupsIsAnNPlusOne() {
        List<String> sids = db.query("select call_sid from guard_calls order by id limit 20", rs -> rs.getString(1));
        try (UnitOfWork ignored = db.unitOfWork("batch import")) {
            for (String sid : sids) {
                getCallByCallSid(db, sid);
            }
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.N_PLUS_ONE).size() == 1);
        DiagnosticEvent e = events.of(EventType.N_PLUS_ONE).get(0);
        assertThat(e.message()).contains("ran 11 times with different parameters in one batch import (threshold 10)");
        assertThat(e.context().callSite()).startsWith("dev.poolguard.guard.QueryGuardTest.getCallByCallSid(QueryGuardTest.java:");
        // the same loop outside any unit of work is not judged; the same parameters repeated are not an N+1
        long before = count(db, EventType.N_PLUS_ONE);
        for (String sid : sids) {
            getCallByCallSid(db, sid);
        }
        try (UnitOfWork ignored = db.unitOfWork("repeats")) {
            for (int i = 0; i < 20; i++) {
                getCallByCallSid(db, "CA1");
            }
        }
        assertThat(count(db, EventType.N_PLUS_ONE)).isEqualTo(before);
    }

    @Test
    void aTransactionIsAUnitOfWork() {
        db.transaction(tx -> {
            for (int i = 1; i <= 12; i++) {
                tx.queryOne("select status from guard_calls where id = ?", rs -> rs.getString(1), i);
            }
            return null;
        });
        await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.N_PLUS_ONE).size() == 1);
        assertThat(events.of(EventType.N_PLUS_ONE).get(0).message()).contains("in one transaction");
    }

    @Test
    void strictModeFailsTheOffendingCallNamingRuleSiteCountAndTheWayOut() {
        boolean previous = db.strictQueries();
        db.strictQueries(true);
        try {
            assertThatThrownBy(() -> getAllCalls(db))
                    .isInstanceOf(QueryGuardException.class)
                    .hasMessageStartingWith("UNBOUNDED_RESULT: 'select id, call_sid, status from guard_calls' passed 1001 rows (budget 1000)")
                    .hasMessageContaining("at dev.poolguard.guard.QueryGuardTest.getAllCalls(QueryGuardTest.java:")
                    .hasMessageContaining("raise the budget for this call: db.rowBudget(")
                    .satisfies(e -> assertThat(((QueryGuardException) e).rule()).isEqualTo(EventType.UNBOUNDED_RESULT));
            assertThat(getAllCalls(db.rowBudget(100_000))).as("the per-call budget lets this one through").hasSize(50000);
            assertThatThrownBy(() -> {
                try (UnitOfWork ignored = db.unitOfWork("lookups")) {
                    for (int i = 1; i <= 11; i++) {
                        getCallByCallSid(db, "CA" + i);
                    }
                }
            }).isInstanceOf(QueryGuardException.class).hasMessageContaining("N_PLUS_ONE")
                    .hasMessageContaining("QueryGuard.builder().nPlusOneThreshold(n)");
            assertThat(db.diagnostics().status().active()).isZero();
        } finally {
            db.strictQueries(previous);
        }
    }

    @Test
    void rawJdbcRowsAreCountedAsTheyAreRead() {
        int read = db.withConnection(c -> {
            int n = 0;
            try (ResultSet rs = c.prepareStatement("select call_sid from guard_calls where id <= 3000").executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        });
        assertThat(read).isEqualTo(3000);
        await().atMost(Duration.ofSeconds(3)).until(() -> events.of(EventType.UNBOUNDED_RESULT).size() == 1);
        assertThat(events.of(EventType.UNBOUNDED_RESULT).get(0).message()).contains("read 3000 rows");
    }

    @Test
    void slowStatementsAreReportedAndAHotPathIsReportedOncePerInterval() {
        try (Database slow = Pg.builder().addReporter(events).queryGuard(QueryGuard.builder()
                .slowQuery(Duration.ofMillis(100)).reportInterval(Duration.ofMinutes(1)).build()).build()) {
            for (int i = 0; i < 3; i++) {
                slow.query("select pg_sleep(0.15)", rs -> 1);
            }
            assertThat(emitted(slow, EventType.SLOW_QUERY)).hasSize(1);
            assertThat(emitted(slow, EventType.SLOW_QUERY).get(0).message()).contains("took").contains("(threshold 100ms)");
        }
    }

    @Test
    void aCallSiteCanBeSilenced() {
        try (Database quiet = Pg.builder().addReporter(events).queryGuard(QueryGuard.builder()
                .ignore("dev.poolguard.guard.QueryGuardTest.getAllCalls").strict(true).build()).build()) {
            assertThat(getAllCalls(quiet)).hasSize(50000);
            assertThat(emitted(quiet, EventType.UNBOUNDED_RESULT)).isEmpty();
        }
    }

    /**
     * Events the database emitted so far. The guard emits on the calling thread and {@code recentEvents()} is updated as
     * it emits, so right after the call this is complete: an absent event is absent, not late (no fixed wait).
     */
    static List<DiagnosticEvent> emitted(Database d, EventType type) {
        return d.diagnostics().recentEvents().stream().filter(e -> e.type() == type).toList();
    }

    /** Events of {@code type} emitted so far, counted as they are emitted (see {@link #emitted}). */
    static long count(Database d, EventType type) {
        return d.diagnostics().stats().events().get(type);
    }
}
