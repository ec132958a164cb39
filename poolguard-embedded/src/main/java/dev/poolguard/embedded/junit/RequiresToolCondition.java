package dev.poolguard.embedded.junit;

import dev.poolguard.embedded.SystemTool;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Evaluates {@link RequiresTool}: enabled when every tool is installed, else skipped (or failed in CI). */
public final class RequiresToolCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Set<SystemTool> tools = new LinkedHashSet<>();
        context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresTool.class))
                .ifPresent(a -> tools.addAll(List.of(a.value())));
        context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, RequiresTool.class))
                .ifPresent(a -> tools.addAll(List.of(a.value())));
        return evaluate(tools, SystemTool.requiredByEnvironment());
    }

    static ConditionEvaluationResult evaluate(Set<SystemTool> tools, boolean required) {
        List<String> missing = new ArrayList<>();
        for (SystemTool tool : tools) {
            if (!tool.isInstalled()) {
                missing.add(tool.missingMessage());
            }
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("installed: " + tools);
        }
        String reason = String.join("; ", missing);
        if (required) {
            // Thrown, not disabled: a skip must not let CI pass without the tests that need the tool.
            throw new ExtensionConfigurationException(reason + " (" + SystemTool.REQUIRE_ENV + " is set, so a missing tool"
                    + " fails the test instead of skipping it)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
