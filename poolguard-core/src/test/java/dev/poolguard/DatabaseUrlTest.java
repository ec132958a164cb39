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
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=app&password=secret&prepareThreshold=0&sslpassword=k3y");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?prepareThreshold=0");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("secret");
        assertThat(url.secretParams()).containsExactly(java.util.Map.entry("sslpassword", "k3y"));
        assertThat(url.toString()).isEqualTo("jdbc:postgresql://h:5432/db?user=app&prepareThreshold=0&password=****");
    }

    @Test
    void malformedUrlsNameTheWrongPartAndHideThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:pw@h/db"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("scheme 'mysql' is not supported").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:hunter2@:5432/db"))
                .hasMessageContaining("host is missing").hasMessageNotContaining("hunter2").hasMessageContaining("(postgres://…)");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:hunter2@h:54x2/db"))
                .hasMessageContaining("port is not a number").hasMessageNotContaining("54x2").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h:70000/db")).hasMessageContaining("port 70000 is out of range 1..65535");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h:5432")).hasMessageContaining("database name is missing");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:p%zz@h/db")).hasMessageContaining("password has a malformed %-escape");
        assertThatThrownBy(() -> DatabaseUrl.parse("db.example.com/app")).hasMessageContaining("scheme is missing");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("url: is empty");
    }

    @Test
    void passwordsWithSpacesAtSignsAndSlashesAreSplitOutAndNeverShown() {
        DatabaseUrl spaced = DatabaseUrl.parse("postgres://app:pa ss@db/calls");
        assertThat(spaced.password()).isEqualTo("pa ss");
        assertThat(spaced.toString()).isEqualTo("postgres://app:****@db/calls");

        DatabaseUrl at = DatabaseUrl.parse("postgres://app:p@ss@db.example.com/calls");
        assertThat(at.password()).isEqualTo("p@ss");
        assertThat(at.toString()).isEqualTo("postgres://app:****@db.example.com/calls");

        DatabaseUrl slash = DatabaseUrl.parse("postgres://app:s3cr/et@db/calls");
        assertThat(slash.password()).isEqualTo("s3cr/et");
        assertThat(slash.hosts()).extracting(DatabaseUrl.HostPort::host).containsExactly("db");
        assertThat(slash.toString()).isEqualTo("postgres://app:****@db/calls");

        DatabaseUrl question = DatabaseUrl.parse("postgres://app:pa?ss@db/calls?sslmode=require");
        assertThat(question.password()).isEqualTo("pa?ss");
        assertThat(question.jdbcUrl()).isEqualTo("jdbc:postgresql://db/calls?sslmode=require");

        // '@' in a parameter value is not the end of the user info.
        DatabaseUrl appName = DatabaseUrl.parse("postgres://app:pw@db/calls?ApplicationName=ops@corp");
        assertThat(appName.password()).isEqualTo("pw");
        assertThat(appName.params()).containsEntry("ApplicationName", "ops@corp");
    }

    @Test
    void passwordParametersAreRemovedByKeyFromTheJdbcUrlAndTheMaskedForm() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app@db/calls?Password=x1&sslpassword=x2&sslmode=verify-full");
        assertThat(url.password()).isNull(); // pgjdbc's name is lower-case; a differently cased key is still a secret
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/calls?sslmode=verify-full").doesNotContain("x1", "x2");
        assertThat(url.toString()).doesNotContain("x1", "x2");
    }

    @Test
    void providersAndTheRoutesTheirUrlsNameAreRead() {
        assertThat(DatabaseUrl.parse("postgres://u.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres").impliedRoute())
                .hasToString("transaction pooler Supavisor (Supabase), from the URL: port 6543 on a *.pooler.supabase.com host is"
                        + " Supavisor's transaction mode");
        assertThat(DatabaseUrl.parse("postgres://u.ref:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres").impliedRoute().kind())
                .isEqualTo(dev.poolguard.pooler.Route.Kind.SESSION_POOLER);
        assertThat(DatabaseUrl.parse("postgres://u:pw@db.abcd.supabase.co:6543/postgres").impliedRoute().transactionPooled()).isTrue();
        assertThat(DatabaseUrl.parse("postgres://u:pw@db.abcd.supabase.co:5432/postgres").impliedRoute()).isNull();
        assertThat(DatabaseUrl.parse("postgres://u:pw@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb").impliedRoute()
                .transactionPooled()).isTrue();
        assertThat(DatabaseUrl.parse("postgres://u:pw@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb").impliedRoute()).isNull();
        assertThat(DatabaseUrl.parse("postgres://u:pw@app.proxy-abc.eu-west-1.rds.amazonaws.com/app").impliedRoute().pooler())
                .isEqualTo("RDS Proxy");
        assertThat(DatabaseUrl.parse("postgres://u:pw@db.example.com/app").impliedRoute()).isNull();
        assertThat(DatabaseUrl.parse("postgres://u:pw@db.abcd.supabase.co/postgres").provider())
                .isEqualTo(dev.poolguard.pooler.Provider.SUPABASE);
        assertThat(DatabaseUrl.parse("postgres://localhost/app").provider()).isEqualTo(dev.poolguard.pooler.Provider.OTHER);
    }

    @Test
    void maskHidesPasswordsInFreeText() {
        assertThat(DatabaseUrl.mask("failed for postgresql://a:b@c/d and password=xyz&x=1"))
                .isEqualTo("failed for postgresql://a:****@c/d and password=****&x=1");
    }
}
