package com.acme;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule docs/static-checks.md shows ({@link PoolguardArchitectureTest}, which JUnit runs as it is, over no production
 * classes here) catches what it is for: applied to this package's classes, the controller's borrow and its HikariCP
 * use fail it, the allowed package and class do not.
 */
class DocumentedRuleTest {

    @Test
    void theDocumentedRuleFlagsTheControllerAndNothingItAllows() {
        JavaClasses acme = new ClassFileImporter().importPackages("com.acme");
        EvaluationResult result = PoolguardArchitectureTest.poolguardOnly.evaluate(acme);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(d -> assertThat(d).contains("com.acme.web.OrdersController").contains("getConnection"))
                .anySatisfy(d -> assertThat(d).contains("com.acme.web.OrdersController").contains("Hikari"))
                .noneSatisfy(d -> assertThat(d).contains("com.acme.db.RawReports"))
                .noneSatisfy(d -> assertThat(d).contains("com.acme.DatabaseConfiguration"));
    }
}
