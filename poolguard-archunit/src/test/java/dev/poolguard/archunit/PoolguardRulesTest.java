package dev.poolguard.archunit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.poolguard.archunit.fixtures.ConnectionFieldNearMiss;
import dev.poolguard.archunit.fixtures.ConnectionFields;
import dev.poolguard.archunit.fixtures.DataSourceGetConnection;
import dev.poolguard.archunit.fixtures.DataSourceNearMiss;
import dev.poolguard.archunit.fixtures.DriverManagerNearMiss;
import dev.poolguard.archunit.fixtures.DriverManagerUse;
import dev.poolguard.archunit.fixtures.HikariNearMiss;
import dev.poolguard.archunit.fixtures.OwnHikariPool;
import dev.poolguard.archunit.fixtures.WithConnectionNearMiss;
import dev.poolguard.archunit.fixtures.WithConnectionUse;
import dev.poolguard.archunit.fixtures.allowed.LowLevelJdbc;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolguardRulesTest {

    private static final Allowed FIXTURES_ALLOWED = Allowed.packages("dev.poolguard.archunit.fixtures.allowed..");

    private static JavaClasses load(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    private static List<String> violations(ArchRule rule, Class<?>... classes) {
        EvaluationResult result = rule.evaluate(load(classes));
        return result.getFailureReport().getDetails();
    }

    @Test
    void dataSourceGetConnectionIsReportedThroughTheInterfaceASubtypeAndAMethodReference() {
        List<String> details = violations(PoolguardRules.NO_DATASOURCE_GET_CONNECTION, DataSourceGetConnection.class);

        assertThat(details).hasSize(3);
        assertThat(details).anyMatch(d -> d.contains("throughTheInterface()") && d.contains("javax.sql.DataSource.getConnection()"));
        assertThat(details).anyMatch(d -> d.contains("throughHikari()") && d.contains("HikariDataSource.getConnection()"));
        assertThat(details).anyMatch(d -> d.contains("asSupplier()") && d.contains("references method"));
    }

    @Test
    void dataSourceRuleFailureSaysWhatToUseInstead() {
        JavaClasses bad = load(DataSourceGetConnection.class);

        assertThatThrownBy(() -> PoolguardRules.NO_DATASOURCE_GET_CONNECTION.check(bad))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Rule 'no classes should call getConnection() on a javax.sql.DataSource, because "
                        + "a connection taken from a DataSource is released only if every path closes it; "
                        + "use Database.query/queryOne/update/transaction; they always release the connection'")
                .hasMessageContaining("was violated (3 times)");
    }

    @Test
    void dataSourceRulePassesOtherDataSourceMethodsAndOtherGetConnectionMethods() {
        assertThat(violations(PoolguardRules.NO_DATASOURCE_GET_CONNECTION, DataSourceNearMiss.class)).isEmpty();
    }

    @Test
    void dataSourceRulePassesAllowedPackagesAndNamesThemInItsDescription() {
        ArchRule rule = PoolguardRules.noDataSourceGetConnectionOutside(FIXTURES_ALLOWED);

        assertThat(violations(rule, LowLevelJdbc.class)).isEmpty();
        assertThat(violations(rule, DataSourceGetConnection.class)).hasSize(3);
        assertThat(rule.getDescription())
                .startsWith("no classes outside [dev.poolguard.archunit.fixtures.allowed..] should call getConnection()");
    }

    @Test
    void allowedClassesIncludeTheirNestedClasses() {
        ArchRule rule = PoolguardRules.noDataSourceGetConnectionOutside(Allowed.classes(DataSourceGetConnection.class));

        assertThat(violations(rule, DataSourceGetConnection.class, LowLevelJdbc.class))
                .singleElement().asString().contains("LowLevelJdbc.count(");
    }

    @Test
    void driverManagerGetConnectionIsReportedWithBothSignatures() {
        List<String> details = violations(PoolguardRules.NO_DRIVER_MANAGER_GET_CONNECTION, DriverManagerUse.class);

        assertThat(details).hasSize(2).allMatch(d -> d.contains("java.sql.DriverManager.getConnection("));
        assertThatThrownBy(() -> PoolguardRules.NO_DRIVER_MANAGER_GET_CONNECTION.check(load(DriverManagerUse.class)))
                .hasMessageContaining("DriverManager opens a physical connection outside any pool")
                .hasMessageContaining("use Database.query/queryOne/update/transaction");
    }

    @Test
    void driverManagerRulePassesItsOtherMethodsAndAllowedPackages() {
        assertThat(violations(PoolguardRules.NO_DRIVER_MANAGER_GET_CONNECTION, DriverManagerNearMiss.class)).isEmpty();
        assertThat(violations(PoolguardRules.noDriverManagerGetConnectionOutside(FIXTURES_ALLOWED), LowLevelJdbc.class)).isEmpty();
        assertThat(violations(PoolguardRules.NO_DRIVER_MANAGER_GET_CONNECTION, LowLevelJdbc.class)).hasSize(1);
    }

    @Test
    void connectionFieldsAreReportedDirectAndAsTypeArguments() {
        List<String> details = violations(PoolguardRules.NO_CONNECTION_FIELDS, ConnectionFields.class);

        assertThat(details).hasSize(3);
        assertThat(details).anyMatch(d -> d.contains("ConnectionFields.connection> holds a java.sql.Connection"));
        assertThat(details).anyMatch(d -> d.contains("ConnectionFields.CURRENT> holds a java.sql.Connection (type java.lang.ThreadLocal<java.sql.Connection>)"));
        assertThat(details).anyMatch(d -> d.contains("ConnectionFields.spares> holds a java.sql.Connection (type java.util.List<java.sql.Connection>)"));
        assertThatThrownBy(() -> PoolguardRules.NO_CONNECTION_FIELDS.check(load(ConnectionFields.class)))
                .hasMessageContaining("a connection kept in a field outlives the call that borrowed it")
                .hasMessageContaining("Database.withConnection for raw JDBC");
    }

    @Test
    void connectionFieldRulePassesFieldsNearAConnectionAndLocalConnections() {
        assertThat(violations(PoolguardRules.NO_CONNECTION_FIELDS, ConnectionFieldNearMiss.class)).isEmpty();
        assertThat(violations(PoolguardRules.noConnectionFieldsOutside(FIXTURES_ALLOWED), LowLevelJdbc.class)).isEmpty();
    }

    @Test
    void withConnectionCallsAndMethodReferencesAreReported() {
        List<String> details = violations(PoolguardRules.NO_WITH_CONNECTION, WithConnectionUse.class);

        assertThat(details).hasSize(2).allMatch(d -> d.contains("dev.poolguard.Database.withConnection("));
        assertThatThrownBy(() -> PoolguardRules.NO_WITH_CONNECTION.check(load(WithConnectionUse.class)))
                .hasMessageContaining("withConnection is the raw-JDBC escape hatch; use Database.query/queryOne/update/transaction");
    }

    @Test
    void withConnectionRulePassesScopedCallsAndOtherWithConnectionMethods() {
        assertThat(violations(PoolguardRules.NO_WITH_CONNECTION, WithConnectionNearMiss.class, WithConnectionNearMiss.Modem.class))
                .isEmpty();
        assertThat(violations(PoolguardRules.withConnectionOnlyIn(Allowed.classes(WithConnectionUse.class)), WithConnectionUse.class))
                .isEmpty();
    }

    @Test
    void hikariDependenciesAreReportedOutsideConfiguration() {
        List<String> details = violations(PoolguardRules.NO_HIKARI, OwnHikariPool.class);

        assertThat(details).isNotEmpty().allMatch(d -> d.contains("OwnHikariPool") && d.contains("com.zaxxer.hikari.HikariConfig"));
        assertThatThrownBy(() -> PoolguardRules.NO_HIKARI.check(load(OwnHikariPool.class)))
                .hasMessageContaining("no classes should depend on HikariCP (com.zaxxer.hikari..)")
                .hasMessageContaining("configure the pool with Database.builder() or Database.fromEnv()");
    }

    @Test
    void hikariRulePassesPoolguardConfigurationAndAllowedClasses() {
        assertThat(violations(PoolguardRules.NO_HIKARI, HikariNearMiss.class)).isEmpty();
        assertThat(violations(PoolguardRules.hikariOnlyIn(Allowed.classes(OwnHikariPool.class)), OwnHikariPool.class)).isEmpty();
    }

    @Test
    void allCombinesEveryRuleWithItsAllowedSet() {
        ArchRule all = PoolguardRules.all(FIXTURES_ALLOWED, Allowed.classes(DataSourceGetConnection.class));

        assertThat(violations(all, LowLevelJdbc.class, DataSourceNearMiss.class, DriverManagerNearMiss.class,
                ConnectionFieldNearMiss.class, WithConnectionNearMiss.class, HikariNearMiss.class))
                .as("ConnectionFieldNearMiss calls withConnection outside the allowed package")
                .singleElement().asString().contains("ConnectionFieldNearMiss.isolation()");
        assertThat(violations(all, DataSourceGetConnection.class, DriverManagerUse.class, ConnectionFields.class,
                WithConnectionUse.class)).hasSize(3 + 2 + 3 + 2);
        assertThat(violations(PoolguardRules.all(FIXTURES_ALLOWED, Allowed.nowhere()), DataSourceGetConnection.class))
                .as("3 getConnection calls, plus HikariDataSource as a field type, a constructor parameter and a call owner")
                .hasSize(3 + 3);
    }

    @Test
    void rulesPassWhenNothingTheyLookAtWasImported() {
        JavaClasses none = new ClassFileImporter().importClasses(List.of());

        for (ArchRule rule : List.of(PoolguardRules.NO_DATASOURCE_GET_CONNECTION, PoolguardRules.NO_DRIVER_MANAGER_GET_CONNECTION,
                PoolguardRules.NO_CONNECTION_FIELDS, PoolguardRules.NO_WITH_CONNECTION, PoolguardRules.NO_HIKARI)) {
            assertThat(rule.evaluate(none).hasViolation()).as(rule.getDescription()).isFalse();
        }
    }

    @Test
    void aMalformedPackageIdentifierFailsWhenTheRuleIsBuilt() {
        assertThatThrownBy(() -> Allowed.packages("com.acme...db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'com.acme...db' is not an ArchUnit package identifier");
    }
}
