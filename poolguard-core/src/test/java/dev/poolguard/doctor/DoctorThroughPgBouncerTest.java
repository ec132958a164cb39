package dev.poolguard.doctor;

import dev.poolguard.Doctor;
import dev.poolguard.Database;
import dev.poolguard.event.Severity;
import dev.poolguard.embedded.PgBouncer;
import dev.poolguard.embedded.SystemTool;
import dev.poolguard.embedded.junit.RequiresTool;
import dev.poolguard.pooler.PoolerMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor behind Debian's real PgBouncer: the pooler and its mode detected, what that mode needs checked. */
@RequiresTool(SystemTool.PGBOUNCER)
class DoctorThroughPgBouncerTest {

    private static String url(PgBouncer bouncer, String params) {
        return "postgres://postgres@127.0.0.1:" + bouncer.port() + "/" + DoctorServer.DATABASE + params;
    }

    @Test
    void transactionModeIsDetectedAndPreparedStatementsAreCheckedUntilTheUrlTurnsThemOff() {
        try (PgBouncer bouncer = PgBouncer.in(DoctorServer.server()).mode(PgBouncer.PoolMode.TRANSACTION)
                .defaultPoolSize(4).start()) {
            DoctorReport planted = Doctor.diagnose(url(bouncer, ""), DoctorOptions.builder().poolSize(20).instances(3).build());

            assertThat(planted.pooler().mode()).isEqualTo(DoctorReport.Mode.TRANSACTION);
            assertThat(planted.pooler().name()).isEqualTo("a pooler (PgBouncer or compatible)");
            assertThat(String.join("\n", planted.pooler().evidence())).contains("a pooler answers", "a second client ran on the backend");
            assertThat(planted.findings("connections.pooler").get(0).title()).isEqualTo(
                    "Behind a pooler (PgBouncer or compatible) in transaction mode");
            // pool x instances is the pooler's client count, not the server's: no over-budget error against 57 usable
            assertThat(planted.findings("connections.over-budget")).isEmpty();
            assertThat(planted.findings("connections.pooler-clients").get(0).fix()).contains("must exceed 60");
            // Debian's PgBouncer (older than 1.21) loses a prepared statement when it switches server connections
            Finding prepared = planted.findings("connections.prepared-statements").get(0);
            assertThat(prepared.evidence()).contains("failed on the next server connection", "26000");
            assertThat(prepared.severity()).as("Poolguard itself turns them off behind a detected pooler").isEqualTo(Severity.INFO);
            assertThat(planted.toText()).contains("· a pooler (PgBouncer or compatible), transaction mode ·");

            // an application that told Poolguard there is no pooler keeps pgjdbc's prepared statements: a warning
            try (Database db = Database.builder().url(url(bouncer, "")).pooler(PoolerMode.NONE).maxPoolSize(1).minIdle(0)
                    .connectionTimeout(Duration.ofSeconds(2)).build()) {
                Finding told = db.diagnostics().doctor().findings("connections.prepared-statements").get(0);
                assertThat(told.severity()).as(told.evidence()).isEqualTo(Severity.WARNING);
                assertThat(told.fix()).contains("prepareThreshold=0");
            }

            DoctorReport fixed = Doctor.diagnose(url(bouncer, "?prepareThreshold=0"), DoctorOptions.defaults());
            assertThat(fixed.findings("connections.prepared-statements")).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Severity.INFO);
                assertThat(f.title()).startsWith("prepareThreshold=0");
            });
        }
    }

    @Test
    void sessionModeIsDetectedAndTheServerBudgetApplies() {
        try (PgBouncer bouncer = PgBouncer.in(DoctorServer.server()).mode(PgBouncer.PoolMode.SESSION)
                .defaultPoolSize(4).start()) {
            DoctorReport report = Doctor.diagnose(url(bouncer, ""), DoctorOptions.builder().poolSize(20).instances(3).build());

            assertThat(report.pooler().mode()).isEqualTo(DoctorReport.Mode.SESSION);
            assertThat(report.findings("connections.over-budget")).hasSize(1);
            assertThat(report.findings("connections.prepared-statements")).isEmpty();
        }
    }
}
