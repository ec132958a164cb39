package dev.poolguard.example.calls;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.poolguard.archunit.Allowed;
import dev.poolguard.archunit.PoolguardRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The reference service uses Poolguard's public API only: no raw connections, no {@code withConnection}, no HikariCP,
 * anywhere (the strictest form of the rule pack), and nothing from {@code dev.poolguard.internal}.
 */
@AnalyzeClasses(packages = "dev.poolguard.example.calls", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule poolguardOnly = PoolguardRules.all(Allowed.nowhere(), Allowed.nowhere());

    @ArchTest
    static final ArchRule publicApiOnly = noClasses().that().resideInAPackage("dev.poolguard.example.calls..")
            .should().dependOnClassesThat().resideInAPackage("dev.poolguard.internal..")
            .because("the reference service shows what users can do with Poolguard's public API");
}
