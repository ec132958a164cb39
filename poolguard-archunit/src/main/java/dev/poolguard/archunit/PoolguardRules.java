package dev.poolguard.archunit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.sql.Connection;
import java.sql.DriverManager;
import javax.sql.DataSource;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.targetOwner;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * ArchUnit rules that keep code from bypassing Poolguard: every borrow goes through {@code Database}, which always
 * releases the connection. Add them to a test suite:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.acme", importOptions = ImportOption.DoNotIncludeTests.class)
 * class PoolguardArchitectureTest {
 *     @ArchTest
 *     static final ArchRule poolguardOnly = PoolguardRules.all(Allowed.packages("com.acme.db.."), Allowed.packages("com.acme.config.."));
 * }
 * }</pre>
 *
 * <p>Each rule's failure message says what to use instead. The constants allow nothing; the factories take the
 * packages and classes where the forbidden thing is legitimate (a low-level JDBC package, pool configuration code).
 * Every rule passes when nothing it looks at was imported, so it can be shared by modules that have no such code.
 */
public final class PoolguardRules {

    static final String DATABASE = "dev.poolguard.Database";
    static final String HIKARI_PACKAGE = "com.zaxxer.hikari..";

    static final String USE_DATABASE = "use Database.query/queryOne/update/transaction; they always release the connection";

    /** Nobody calls {@code getConnection} on a {@link DataSource} (HikariDataSource and every other subtype included). */
    public static final ArchRule NO_DATASOURCE_GET_CONNECTION = noDataSourceGetConnectionOutside(Allowed.nowhere());
    /** Nobody opens connections with {@link DriverManager#getConnection}. */
    public static final ArchRule NO_DRIVER_MANAGER_GET_CONNECTION = noDriverManagerGetConnectionOutside(Allowed.nowhere());
    /** No field holds a {@link Connection}, directly or as a type argument ({@code ThreadLocal<Connection>}). */
    public static final ArchRule NO_CONNECTION_FIELDS = noConnectionFieldsOutside(Allowed.nowhere());
    /** Nobody calls {@code Database.withConnection}: raw JDBC nowhere. */
    public static final ArchRule NO_WITH_CONNECTION = withConnectionOnlyIn(Allowed.nowhere());
    /** Nobody depends on HikariCP directly. */
    public static final ArchRule NO_HIKARI = hikariOnlyIn(Allowed.nowhere());

    private PoolguardRules() {
    }

    public static ArchRule noDataSourceGetConnectionOutside(Allowed allowed) {
        DescribedPredicate<JavaAccess<?>> dataSourceGetConnection = target(name("getConnection"))
                .and(targetOwner(assignableTo(DataSource.class)));
        return noClasses().that(allowed.notAllowed())
                .should().accessTargetWhere(dataSourceGetConnection)
                .as(subject(allowed) + " should call getConnection() on a javax.sql.DataSource")
                .because("a connection taken from a DataSource is released only if every path closes it; " + USE_DATABASE)
                .allowEmptyShould(true);
    }

    public static ArchRule noDriverManagerGetConnectionOutside(Allowed allowed) {
        DescribedPredicate<JavaAccess<?>> driverManagerGetConnection = target(name("getConnection"))
                .and(targetOwner(assignableTo(DriverManager.class)));
        return noClasses().that(allowed.notAllowed())
                .should().accessTargetWhere(driverManagerGetConnection)
                .as(subject(allowed) + " should call java.sql.DriverManager.getConnection()")
                .because("DriverManager opens a physical connection outside any pool, which no pool limit counts and no "
                        + "timeout bounds; " + USE_DATABASE)
                .allowEmptyShould(true);
    }

    public static ArchRule noConnectionFieldsOutside(Allowed allowed) {
        return fields().that(declaredIn(allowed.notAllowed()))
                .should(notHoldAConnection())
                .as((allowed.isNowhere() ? "no fields" : "no fields outside " + allowed) + " should hold a java.sql.Connection")
                .because("a connection kept in a field outlives the call that borrowed it and stays checked out while idle; "
                        + "borrow per call: " + USE_DATABASE + " (Database.withConnection for raw JDBC)")
                .allowEmptyShould(true);
    }

    public static ArchRule withConnectionOnlyIn(Allowed allowed) {
        DescribedPredicate<JavaAccess<?>> withConnection = target(name("withConnection"))
                .and(targetOwner(assignableTo(DATABASE)));
        return noClasses().that(allowed.notAllowed())
                .should().accessTargetWhere(withConnection)
                .as(subject(allowed) + " should call Database.withConnection")
                .because("withConnection is the raw-JDBC escape hatch; " + USE_DATABASE + " and map rows for you")
                .allowEmptyShould(true);
    }

    public static ArchRule hikariOnlyIn(Allowed allowed) {
        return noClasses().that(allowed.notAllowed())
                .should().dependOnClassesThat(resideInAPackage(HIKARI_PACKAGE))
                .as(subject(allowed) + " should depend on HikariCP (" + HIKARI_PACKAGE + ")")
                .because("HikariCP is Poolguard's engine, not an API: configure the pool with Database.builder() or "
                        + "Database.fromEnv(), and " + USE_DATABASE)
                .allowEmptyShould(true);
    }

    /**
     * Every rule above: raw JDBC (DataSource and DriverManager connections, Connection fields, withConnection) only in
     * {@code rawJdbc}; HikariCP only in {@code poolConfiguration}.
     */
    public static ArchRule all(Allowed rawJdbc, Allowed poolConfiguration) {
        return CompositeArchRule.of(noDataSourceGetConnectionOutside(rawJdbc))
                .and(noDriverManagerGetConnectionOutside(rawJdbc))
                .and(noConnectionFieldsOutside(rawJdbc))
                .and(withConnectionOnlyIn(rawJdbc))
                .and(hikariOnlyIn(poolConfiguration));
    }

    private static String subject(Allowed allowed) {
        return allowed.isNowhere() ? "no classes" : "no classes outside " + allowed;
    }

    private static DescribedPredicate<JavaField> declaredIn(DescribedPredicate<JavaClass> classes) {
        return DescribedPredicate.describe("are declared in classes " + classes.getDescription(),
                field -> classes.test(field.getOwner()));
    }

    /** The field's type or any of its type arguments is a Connection: {@code Connection}, {@code ThreadLocal<Connection>}. */
    private static ArchCondition<JavaField> notHoldAConnection() {
        return new ArchCondition<>("not hold a java.sql.Connection") {
            @Override
            public void check(JavaField field, ConditionEvents events) {
                boolean holds = field.getType().getAllInvolvedRawTypes().stream()
                        .anyMatch(type -> type.isAssignableTo(Connection.class));
                if (holds) {
                    String type = field.getType().getName();
                    events.add(SimpleConditionEvent.violated(field, "Field <" + field.getFullName() + "> holds a "
                            + "java.sql.Connection (type " + type + ") in " + field.getOwner().getSourceCodeLocation()));
                }
            }
        };
    }
}
