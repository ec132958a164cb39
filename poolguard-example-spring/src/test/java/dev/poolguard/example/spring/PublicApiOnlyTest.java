package dev.poolguard.example.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The starter and the example service use Poolguard's public API only, as any application would. */
class PublicApiOnlyTest {

    @Test
    void theStarterAndTheServiceNeverReachIntoPoolguardsInternals() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.poolguard.spring", "dev.poolguard.example.spring");
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.poolguard.internal..")
                .because("integrations are built on the public API, so the internals stay free to change")
                .check(classes);
    }
}
