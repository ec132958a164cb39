package dev.poolguard.doctor;

import dev.poolguard.Doctor;
import dev.poolguard.InvalidConfigurationException;
import dev.poolguard.doctor.DoctorConnectionException.Problem;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A doctor that cannot connect says whether the host, the credentials or the database was wrong, and no secret. */
class DoctorConnectionTest {

    private static final DoctorOptions FAST = DoctorOptions.builder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String url(String userInfo, String host, int port, String database) {
        return "postgres://" + userInfo + "@" + host + ":" + port + "/" + database;
    }

    @Test
    void aWrongPasswordIsTheCredentials() {
        int port = DoctorServer.server().port();
        String right = url(DoctorServer.PASSWORD_ROLE + ":" + DoctorServer.PASSWORD, "127.0.0.1", port, DoctorServer.DATABASE);
        // the role exists and its password works: what fails next is the password alone
        assertThat(Doctor.diagnose(right, FAST).server().user()).isEqualTo(DoctorServer.PASSWORD_ROLE);

        String wrong = url(DoctorServer.PASSWORD_ROLE + ":not-the-Password-42", "127.0.0.1", port, DoctorServer.DATABASE);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> Doctor.diagnose(wrong, FAST))
                        .isInstanceOfSatisfying(DoctorConnectionException.class, e -> {
                            assertThat(e.problem()).isEqualTo(Problem.CREDENTIALS);
                            assertThat(e.sqlState()).isEqualTo("28P01");
                            assertThat(e.getMessage()).isEqualTo("poolguard doctor: cannot connect: 127.0.0.1:" + port
                                    + " rejected the credentials of user 'doctor_pw' (password authentication failed for"
                                    + " user \"doctor_pw\", SQLSTATE 28P01): check the user and password in the URL")
                                    .doesNotContain("not-the-Password-42");
                        }));
    }

    @Test
    void anUnknownDatabaseIsTheDatabase() {
        int port = DoctorServer.server().port();
        assertThatThrownBy(() -> Doctor.diagnose(url("postgres:hunter2-secret", "127.0.0.1", port, "no_such_db"), FAST))
                .isInstanceOfSatisfying(DoctorConnectionException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.DATABASE);
                    assertThat(e.getMessage()).isEqualTo("poolguard doctor: cannot connect: 127.0.0.1:" + port
                            + " accepted user 'postgres' but has no database 'no_such_db' (database \"no_such_db\" does"
                            + " not exist): check the database name at the end of the URL");
                });
    }

    @Test
    void anUnknownHostIsTheHost() {
        assertThatThrownBy(() -> Doctor.diagnose(url("app:hunter2-secret", "no-such-host.invalid", 5432, "app"), FAST))
                .isInstanceOfSatisfying(DoctorConnectionException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.HOST);
                    assertThat(e.getMessage()).isEqualTo("poolguard doctor: cannot connect: host 'no-such-host.invalid'"
                            + " is unknown (DNS lookup failed): check the host in the URL");
                });
    }

    @Test
    void aPortNobodyListensOnIsTheHost() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> Doctor.diagnose(url("app:hunter2-secret", "127.0.0.1", closed, "app"), FAST))
                .isInstanceOfSatisfying(DoctorConnectionException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.HOST);
                    assertThat(e.getMessage()).isEqualTo("poolguard doctor: cannot connect: 127.0.0.1:" + closed
                            + " refused the connection: nothing accepts connections on port " + closed + " there; check"
                            + " the host and port in the URL and that the server is running");
                });
    }

    @Test
    void anUnreadableUrlNamesItWithThePasswordMasked() {
        assertThatThrownBy(() -> Doctor.diagnose("mysql://app:hunter2-secret@db:3306/app", FAST))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("scheme 'mysql' is not supported")
                .hasMessageNotContaining("hunter2-secret");
    }

    @Test
    void optionsNameTheSettingAndTheLimit() {
        assertThatThrownBy(() -> DoctorOptions.builder().instances(0))
                .hasMessage("instances: must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> DoctorOptions.builder().poolSize(20_000))
                .hasMessage("poolSize: must be between 1 and 10000, was 20000");
        assertThatThrownBy(() -> DoctorOptions.builder().statementTimeout(Duration.ofMillis(10)))
                .hasMessage("statementTimeout: must be between 100ms and 5m, was 10ms");
        assertThat(DoctorOptions.defaults().poolSizeGiven()).isFalse();
        assertThat(DoctorOptions.builder().poolSize(7).build().poolSizeGiven()).isTrue();
    }
}
