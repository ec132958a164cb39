package dev.poolguard.doctor;

import dev.poolguard.internal.sql.SqlShape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The call-site stamp is read back as written. */
class PlanReadingTest {

    @Test
    void theStampedCallSiteIsReadBackFromTheStatementText() {
        SqlShape shape = SqlShape.of("select 1 as stamp_roundtrip");
        String stamped = shape.stamped("select 1 as stamp_roundtrip", "billing app", () -> "com.acme.Dao.find(Dao.java:42)");
        assertThat(SqlShape.stampedCallSite(stamped)).isEqualTo("com.acme.Dao.find(Dao.java:42)");
        assertThat(SqlShape.stampedCallSite("select 1")).isNull();
        assertThat(SqlShape.stampedCallSite("/* other */ select 1")).isNull();
        assertThat(List.of(SqlShape.fingerprint(stamped))).containsExactly("select ? as stamp_roundtrip");
    }
}
