package io.signaltest.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips, outside CI, what {@link RequiresTool} names a missing tool for, printing why; under CI, lets it run and fails
 * it before its first test.
 */
final class RequiresToolCondition implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = missingHere(context);
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("every tool it needs is here");
        }
        if (ci(context)) {
            return ConditionEvaluationResult.enabled("CI requires the tools, so it runs and fails: " + missing.get());
        }
        String reason = "it needs " + missing.get() + "; under CI=true it is required";
        System.out.println("signaltest-build: skipped " + context.getDisplayName() + ": " + reason + ".");
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        failIfMissing(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        failIfMissing(context);
    }

    private static void failIfMissing(ExtensionContext context) {
        Optional<String> missing = missingHere(context);
        if (missing.isPresent()) {
            throw new AssertionError("This test needs " + missing.get() + " (required because CI=true).");
        }
    }

    /** The tools that the annotation on this very element (class or method) names and this machine lacks. */
    private static Optional<String> missingHere(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        RequiresTool annotation =
                element.map(e -> e.getAnnotation(RequiresTool.class)).orElse(null);
        if (annotation == null) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        for (Tool tool : annotation.value()) {
            if (tool.find().isEmpty()) {
                missing.add(tool.missing());
            }
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join("; and ", missing));
    }

    private static boolean ci(ExtensionContext context) {
        String value = context.getConfigurationParameter(RequiresTool.CI_PROPERTY)
                .orElseGet(() -> System.getenv().getOrDefault("CI", ""));
        return value.trim().toLowerCase(Locale.ROOT).equals("true");
    }
}
