package dev.poolguard.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.poolguard.archunit.PoolguardRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the one exception in {@link PoolguardArchitectureTest} honest: necessary, and the only one. */
class LeaseHoldsTheOnlyOutsideConnectionTest {

    static final String LEASE = "dev.poolguard.lease.Lease";

    @Test
    void leaseIsTheOnlyClassOutsideTheInternalsThatHoldsAConnection() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(new NotBenchmarks())
                .importPackages("dev.poolguard");

        assertThat(production.contain(LEASE)).as("imported " + LEASE).isTrue();
        assertThat(PoolguardRules.noConnectionFieldsOutside(PoolguardArchitectureTest.RAW_JDBC).evaluate(production)
                .getFailureReport().getDetails())
                .singleElement().asString()
                .startsWith("Field <" + LEASE + ".connection> holds a java.sql.Connection");
    }
}
