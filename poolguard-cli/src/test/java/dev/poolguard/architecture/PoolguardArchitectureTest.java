package dev.poolguard.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.poolguard.archunit.Allowed;
import dev.poolguard.archunit.PoolguardRules;

/**
 * Poolguard's own production classes (every module on this test classpath but the benchmarks) follow the rules it ships: raw connections
 * only in the core's internals and the embedded test server, HikariCP only in the internals.
 */
@AnalyzeClasses(packages = "dev.poolguard", importOptions = {ImportOption.DoNotIncludeTests.class, NotBenchmarks.class})
class PoolguardArchitectureTest {

    static final Allowed RAW_JDBC = Allowed.packages("dev.poolguard.internal..", "dev.poolguard.embedded..");

    /**
     * {@code Lease} is the one exception: it carries the connection {@code Engine} borrowed to the statements of that
     * one scoped call, and {@code Engine} closes it when the call ends. {@link LeaseHoldsTheOnlyOutsideConnectionTest}
     * fails if the exception stops being needed or stops being enough.
     */
    static final Allowed CONNECTION_FIELDS = RAW_JDBC.and(Allowed.classNames(LeaseHoldsTheOnlyOutsideConnectionTest.LEASE));

    @ArchTest
    static final ArchRule noDataSourceGetConnection = PoolguardRules.noDataSourceGetConnectionOutside(RAW_JDBC);

    @ArchTest
    static final ArchRule noDriverManagerGetConnection = PoolguardRules.noDriverManagerGetConnectionOutside(RAW_JDBC);

    @ArchTest
    static final ArchRule noConnectionFields = PoolguardRules.noConnectionFieldsOutside(CONNECTION_FIELDS);

    @ArchTest
    static final ArchRule withConnectionOnlyInternally = PoolguardRules.withConnectionOnlyIn(RAW_JDBC);

    @ArchTest
    static final ArchRule hikariOnlyInTheEngine = PoolguardRules.hikariOnlyIn(Allowed.packages("dev.poolguard.internal.."));
}
