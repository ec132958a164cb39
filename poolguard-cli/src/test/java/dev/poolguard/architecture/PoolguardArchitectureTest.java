package dev.poolguard.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.poolguard.archunit.Allowed;
import dev.poolguard.archunit.PoolguardRules;
import com.tngtech.archunit.library.dependencies.Slice;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Poolguard's own production classes (every module on this test classpath but the benchmarks) follow the rules it ships: raw connections
 * only in the core's internals (the lease that carries a borrowed connection included) and the embedded test server,
 * HikariCP only in the internals; and its packages form no cycles, so each can be read knowing only those below it.
 */
@AnalyzeClasses(packages = "dev.poolguard", importOptions = {ImportOption.DoNotIncludeTests.class, NotBenchmarks.class})
class PoolguardArchitectureTest {

    static final Allowed RAW_JDBC = Allowed.packages("dev.poolguard.internal..", "dev.poolguard.embedded..");

    @ArchTest
    static final ArchRule noDataSourceGetConnection = PoolguardRules.noDataSourceGetConnectionOutside(RAW_JDBC);

    @ArchTest
    static final ArchRule noDriverManagerGetConnection = PoolguardRules.noDriverManagerGetConnectionOutside(RAW_JDBC);

    @ArchTest
    static final ArchRule noConnectionFields = PoolguardRules.noConnectionFieldsOutside(RAW_JDBC);

    @ArchTest
    static final ArchRule withConnectionOnlyInternally = PoolguardRules.withConnectionOnlyIn(RAW_JDBC);

    @ArchTest
    static final ArchRule hikariOnlyInTheEngine = PoolguardRules.hikariOnlyIn(Allowed.packages("dev.poolguard.internal.."));

    /**
     * Below the facade, no package of the core depends on one that depends back on it (each subpackage is a slice). The
     * facade's own package is not a slice: it hands work to the internals, which throw its exceptions and read its
     * configuration, as every facade does. (The applications built on the core are not held to this here.)
     */
    @ArchTest
    static final ArchRule noCyclesBetweenCorePackages = slices().matching("dev.poolguard.(**)")
            .that(new DescribedPredicate<Slice>("are in poolguard-core") {
                @Override
                public boolean test(Slice slice) {
                    return slice.stream().allMatch(c -> c.getSource().map(s -> s.getUri().toString().contains("/poolguard-core/")).orElse(false));
                }
            })
            .should().beFreeOfCycles();
}
