package dev.poolguard;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code driver(...)}: another JDBC driver opens the physical connections, given the URL and the driver properties. */
class DriverTest {

    /** Wraps pgjdbc the way tracing drivers do, recording what Poolguard asked it for. */
    static class RecordingDriver implements Driver {
        final Driver pgjdbc = new org.postgresql.Driver();
        final List<String> urls = new CopyOnWriteArrayList<>();
        final List<Properties> properties = new CopyOnWriteArrayList<>();

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            urls.add(url);
            properties.add(info);
            return pgjdbc.connect(url, info);
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return pgjdbc.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return pgjdbc.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
    }

    @Test
    void aGivenDriverOpensThePoolsConnectionsWithPoolguardsDriverProperties() {
        RecordingDriver driver = new RecordingDriver();
        try (Database db = Pg.builder().driver(driver).applicationName("driver-test").build()) {
            assertThat(db.queryOne("select current_setting('application_name')", rs -> rs.getString(1))).contains("driver-test");
            assertThat(db.diagnostics().testConnection().ok()).isTrue();
            assertThat(db.config().driver()).isSameAs(driver);
            assertThat(db.config().toString()).contains("driver=" + RecordingDriver.class.getName());
        }
        assertThat(driver.urls).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:"));
        assertThat(driver.properties.get(0)).containsEntry("logServerErrorDetail", "false").containsEntry("tcpKeepAlive", "true");
    }

    @Test
    void pgjdbcIsTheDefaultAndADriverThatDeclinesTheUrlIsNamed() {
        assertThat(Pg.builder().config().driver()).isInstanceOf(org.postgresql.Driver.class);
        assertThat(Pg.builder().config().toString()).doesNotContain("driver=");

        Driver declining = new RecordingDriver() {
            @Override
            public Connection connect(String url, Properties info) {
                return null;
            }
        };
        try (Database db = Pg.builder().driver(declining).build()) {
            assertThat(db.diagnostics().testConnection().error()).contains("did not accept the URL jdbc:postgresql://");
        }
        assertThatThrownBy(() -> Database.builder().driver(null)).isInstanceOf(NullPointerException.class).hasMessage("driver");
    }
}
