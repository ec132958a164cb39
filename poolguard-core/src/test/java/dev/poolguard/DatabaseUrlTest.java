package dev.poolguard;

import dev.poolguard.internal.DatabaseUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    @Test
    void providerUrlBecomesJdbcUrlWithCredentialsSplitOut() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:s3cr%40t@db.example.com:5432/app?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/app?sslmode=require");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s3cr@t");
        assertThat(url.toString()).isEqualTo("postgres://app:****@db.example.com:5432/app?sslmode=require");
    }

    @Test
    void postgresqlSchemeAndDefaultPortAndMultipleHostsWork() {
        assertThat(DatabaseUrl.parse("postgresql://u@h1,h2:6543/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h1,h2:6543/db");
        assertThat(DatabaseUrl.parse("postgresql://[::1]:5432/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
        assertThat(DatabaseUrl.parse("postgres://localhost/db").user()).isNull();
    }

    @Test
    void jdbcUrlKeepsItsParametersAndLiftsThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=app&password=secret&prepareThreshold=0");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?user=app&prepareThreshold=0");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("secret");
        assertThat(url.toString()).doesNotContain("secret").contains("password=****");
    }

    @Test
    void malformedUrlsNameTheWrongPartAndHideThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:pw@h/db"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("scheme 'mysql' is not supported").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:hunter2@:5432/db"))
                .hasMessageContaining("host is missing").hasMessageNotContaining("hunter2").hasMessageContaining("u:****@");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:hunter2@h:54x2/db"))
                .hasMessageContaining("port '54x2' is not a number").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h:70000/db")).hasMessageContaining("port 70000 is out of range 1..65535");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h:5432")).hasMessageContaining("database name is missing");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:p%zz@h/db")).hasMessageContaining("password has a malformed %-escape");
        assertThatThrownBy(() -> DatabaseUrl.parse("db.example.com/app")).hasMessageContaining("scheme is missing");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("url: is empty");
    }

    @Test
    void maskHidesPasswordsInFreeText() {
        assertThat(DatabaseUrl.mask("failed for postgresql://a:b@c/d and password=xyz&x=1"))
                .isEqualTo("failed for postgresql://a:****@c/d and password=****&x=1");
    }
}
