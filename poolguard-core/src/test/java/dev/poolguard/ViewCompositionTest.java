package dev.poolguard;

import dev.poolguard.guard.QueryGuard;
import dev.poolguard.retry.RetryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code idempotent()}, {@code workload(name)} and {@code rowBudget(n)} compose in any order, and every call of the
 * resulting view (plain calls, transactions and their handles, raw JDBC) keeps all three.
 */
class ViewCompositionTest {

    static Database db;

    private static final String TWENTY_ROWS = "select generate_series(1, 20)";
    /** A write that loses its connection mid-statement: retried only when declared idempotent. */
    private static final String SELF_TERMINATING_WRITE = "select pg_terminate_backend(pg_backend_pid())";

    @BeforeAll
    static void open() {
        db = Pg.builder().applicationName("view_composition").workloadLimit("reports", 2)
                .queryGuard(QueryGuard.builder().rowBudget(10).strict(true).build())
                .retry(RetryPolicy.builder().maxAttempts(2).build()).build();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static final List<UnaryOperator<Database>> STEPS = List.of(
            Database::idempotent, d -> d.workload("reports"), d -> d.rowBudget(50));

    @Test
    void viewsKeepEverySettingWhateverTheOrder() {
        for (List<Integer> order : List.of(List.of(0, 1, 2), List.of(0, 2, 1), List.of(1, 0, 2), List.of(1, 2, 0),
                List.of(2, 0, 1), List.of(2, 1, 0))) {
            Database view = db;
            for (int step : order) {
                view = STEPS.get(step).apply(view);
            }
            Database v = view;
            String as = "order " + order;
            assertThat(v.query(TWENTY_ROWS, rs -> rs.getInt(1))).as(as).hasSize(20);
            String workload = v.withConnection(ViewCompositionTest::workloadOfThisLease);
            assertThat(workload).as(as).isEqualTo("reports");
            assertThatThrownBy(() -> v.update(SELF_TERMINATING_WRITE)).as(as)
                    .isInstanceOf(RetriesExhaustedException.class).hasMessageContaining("after 2 attempts");
        }
    }

    private static String workloadOfThisLease(java.sql.Connection ignored) {
        return db.diagnostics().leases().get(0).workload();
    }

    @Test
    void transactionsHonourTheViewsRowBudget() {
        Database reports = db.rowBudget(50);
        List<Integer> rows = reports.transaction(tx -> tx.query(TWENTY_ROWS, rs -> rs.getInt(1)));
        assertThat(rows).hasSize(20);
        int raw = reports.transaction(tx -> tx.withConnection(c -> {
            int n = 0;
            try (var rs = c.createStatement().executeQuery(TWENTY_ROWS)) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }));
        assertThat(raw).isEqualTo(20);
        // a transaction of the plain database keeps the guard's own budget
        assertThatThrownBy(() -> db.transaction(tx -> tx.query(TWENTY_ROWS, rs -> rs.getInt(1))))
                .isInstanceOf(QueryGuardException.class).hasMessageContaining("budget 10");
        // a nested transaction of a view uses that view's budget
        List<Integer> nested = db.transaction(outer -> reports.transaction(tx -> tx.query(TWENTY_ROWS, rs -> rs.getInt(1))));
        assertThat(nested).hasSize(20);
    }
}
