package io.signaltest.junit.bench;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one scenario the {@link HarnessBench} runs through the JUnit Platform launcher: Ctrl+C while a task waits for a
 * slot. The method only keeps the {@link SignalRun}; the runner checks it after the timed window. Anything else that
 * discovers this class reports it as skipped.
 */
@ExtendWith(HarnessBenchScenario.OnlyThroughTheBench.class)
public class HarnessBenchScenario {

    /** The configuration parameter that the bench sets. */
    static final String ENABLED = "signaltest.bench.harness";

    /** Every run the scenario received since the runner last cleared the list. */
    static final List<SignalRun> RUNS = new CopyOnWriteArrayList<>();

    @SignalTest(main = HarnessBenchChild.class, at = Moment.QUEUE_WAITING)
    void ctrlCWhileQueued(SignalRun run) {
        RUNS.add(run);
    }

    static final class OnlyThroughTheBench implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED)
                            .map(Boolean::parseBoolean)
                            .orElse(false)
                    ? ConditionEvaluationResult.enabled("run by the harness bench")
                    : ConditionEvaluationResult.disabled("the harness bench's scenario; run it with "
                            + "./mvnw -pl extension/junit -am -Pharness-bench verify");
        }
    }
}
