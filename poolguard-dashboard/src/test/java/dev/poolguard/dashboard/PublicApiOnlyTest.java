package dev.poolguard.dashboard;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.poolguard.archunit.Allowed;
import dev.poolguard.archunit.PoolguardRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The dashboard and the metrics binder use Poolguard like any application: public API only, no raw JDBC. */
@AnalyzeClasses(packages = {"dev.poolguard.dashboard", "dev.poolguard.micrometer"},
        importOptions = {ImportOption.DoNotIncludeTests.class, PublicApiOnlyTest.NoTestJars.class})
class PublicApiOnlyTest {

    /** poolguard-micrometer's test-jar (the shared Prometheus parser and its tests) is test code too. */
    public static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule poolguardOnly = PoolguardRules.all(Allowed.nowhere(), Allowed.nowhere());

    @ArchTest
    static final ArchRule noInternals = noClasses().that().resideInAnyPackage("dev.poolguard.dashboard..", "dev.poolguard.micrometer..")
            .should().dependOnClassesThat().resideInAPackage("dev.poolguard.internal..")
            .because("dev.poolguard.internal is not API");
}
