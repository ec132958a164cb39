package dev.poolguard.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Leaves out poolguard-bench (on this classpath for {@code ./poolguard bench}): it drives raw HikariCP and the other
 * pools on purpose, since they are what Poolguard is measured against, and ships to nobody.
 */
final class NotBenchmarks implements ImportOption {

    @Override
    public boolean includes(Location location) {
        return !location.contains("/dev/poolguard/bench/");
    }
}
