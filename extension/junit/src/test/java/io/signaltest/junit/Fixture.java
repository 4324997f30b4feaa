package io.signaltest.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a class of test cases that only {@link FixtureKit} runs (through EngineTestKit): an IDE or a build that
 * discovers it directly reports it as skipped, with a reason.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Fixture.OnlyThroughFixtureKit.class)
@interface Fixture {

    /** The configuration parameter that {@link FixtureKit} sets. */
    String ENABLED = "signaltest.fixtures.enabled";

    final class OnlyThroughFixtureKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED)
                            .map(Boolean::parseBoolean)
                            .orElse(false)
                    ? ConditionEvaluationResult.enabled("run by FixtureKit")
                    : ConditionEvaluationResult.disabled("test cases for the extension's own tests; "
                            + "the test class around them runs them through EngineTestKit");
        }
    }
}
