package com.acme;

// snippet: architecture-test
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.poolguard.archunit.Allowed;
import dev.poolguard.archunit.PoolguardRules;

@AnalyzeClasses(packages = "com.acme", importOptions = ImportOption.DoNotIncludeTests.class)
class PoolguardArchitectureTest {

    // Raw JDBC only in com.acme.db; HikariCP only in the class that builds the Database.
    @ArchTest
    static final ArchRule poolguardOnly = PoolguardRules.all(
            Allowed.packages("com.acme.db.."),
            Allowed.classes(DatabaseConfiguration.class));
}
// end snippet
