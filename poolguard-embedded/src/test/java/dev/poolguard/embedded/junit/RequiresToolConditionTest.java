package dev.poolguard.embedded.junit;

import dev.poolguard.embedded.SystemTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiresToolConditionTest {

    @Test
    void missingToolSkipsWithThePackageToInstallUnlessRequired() {
        System.setProperty("poolguard.pgbench", "/nonexistent/pgbench");
        try {
            ConditionEvaluationResult result = RequiresToolCondition.evaluate(Set.of(SystemTool.PGBENCH), false);
            assertThat(result.isDisabled()).isTrue();
            assertThat(result.getReason()).hasValue("pgbench is not installed: apt-get install postgresql-client");

            assertThatThrownBy(() -> RequiresToolCondition.evaluate(Set.of(SystemTool.PGBENCH), true))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageContaining("apt-get install postgresql-client")
                    .hasMessageContaining("POOLGUARD_REQUIRE_TOOLS is set");
        } finally {
            System.clearProperty("poolguard.pgbench");
        }
    }

    @Test
    void installedToolRuns() {
        System.setProperty("poolguard.pgbench", "/bin/sh");
        try {
            assertThat(RequiresToolCondition.evaluate(Set.of(SystemTool.PGBENCH), true).isDisabled()).isFalse();
        } finally {
            System.clearProperty("poolguard.pgbench");
        }
    }
}
