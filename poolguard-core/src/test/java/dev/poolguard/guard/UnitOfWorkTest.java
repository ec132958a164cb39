package dev.poolguard.guard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitOfWorkTest {

    @Test
    void aShapeIsReportedOnceWhenItsDistinctParameterSetsPassTheThreshold() {
        UnitOfWork uow = new UnitOfWork("request", () -> { });
        for (int i = 0; i < 10; i++) {
            assertThat(uow.record("select ? from t where id = ?", i, 10)).isZero();
            assertThat(uow.record("select ? from t where id = ?", i, 10)).as("the same parameters again").isZero();
        }
        assertThat(uow.record("select ? from t where id = ?", 10, 10)).isEqualTo(11);
        assertThat(uow.record("select ? from t where id = ?", 11, 10)).as("reported once").isZero();
        assertThat(uow.record("select ? from u", 0, 10)).as("another shape counts on its own").isZero();
        assertThat(uow.executions("select ? from t where id = ?")).isEqualTo(22);
    }

    @Test
    void manyDistinctHashesIncludingZeroAndCollisionsAreCountedExactly() {
        UnitOfWork uow = new UnitOfWork("batch", () -> { });
        int reportedAt = -1;
        for (int i = 0; i < 2000; i++) {
            // multiples of a power of two collide in the low bits an open-addressed table indexes by
            int hash = (i % 2 == 0) ? i << 12 : -i;
            int distinct = uow.record("insert into t values (?)", hash, 1500);
            uow.record("insert into t values (?)", hash, 1500);
            if (distinct != 0) {
                assertThat(reportedAt).isEqualTo(-1);
                assertThat(distinct).isEqualTo(1501);
                reportedAt = i;
            }
        }
        assertThat(reportedAt).isEqualTo(1500);
    }
}
