package io.signaltest.junit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.runtime.Moment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The verdict table, printed by the real JUnit Platform launcher after two real scenarios, one
 * passing and one failing; and the run files attached to the test report.
 */
class VerdictTableIT {

    private static final String RUN_CASES = "signaltest.verdict-table.cases";

    @Test
    void listsEachScenarioWithItsVerdictExitCodeCountsAndSymptom(@TempDir Path output) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        VerdictTable table = new VerdictTable(new PrintStream(printed, true, StandardCharsets.UTF_8));
        var launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(table)
                .build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Cases.class))
                .configurationParameter(RUN_CASES, "true")
                .configurationParameter(SignalTest.OUTPUT_DIRECTORY_PROPERTY, output.toString())
                .configurationParameter("junit.platform.reporting.output.dir", output.resolve("reports").toString())
                .build());

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("signaltest scenarios")
                .containsPattern("passes \\[QUEUE_WAITING, SIGINT\\] +\\| pass +\\| +130 \\| +2 \\| +1 \\|")
                .containsPattern("failsOnPurpose \\[ALL_SLOTS_FULL, SIGTERM\\] +\\| FAIL +\\| +143 \\|")
                .contains("exit code 143 (128 + SIGTERM), expected 0")
                .contains("1 of 2 scenarios passed")
                .contains("passes/QUEUE_WAITING-SIGINT");
        assertThat(output.resolve("verdicts.txt")).exists();
        assertThat(Files.readString(output.resolve("verdicts.txt"))).isEqualTo(text);
        try (var attached = Files.walk(output.resolve("reports"))) {
            assertThat(attached.map(p -> p.getFileName().toString()))
                    .as("the run's files attached to the test report (JUnit 5.12+)")
                    .contains("timeline.txt", "cleanup.jsonl", "stdout.txt", "stderr.txt", "report.txt");
        }
    }

    /** Runs only inside the test above, which asks for it; discovered any other way, it is skipped. */
    static final class OnlyWhenAsked implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(RUN_CASES).isPresent()
                    ? ConditionEvaluationResult.enabled("run by VerdictTableIT")
                    : ConditionEvaluationResult.disabled("test cases of VerdictTableIT, run only by it");
        }
    }

    @ExtendWith(OnlyWhenAsked.class)
    static class Cases {

        @SignalTest(main = RuntimeApp.class, args = {"--tasks", "3", "--max-concurrent", "2"}, at = Moment.QUEUE_WAITING)
        void passes(SignalRun run) {
        }

        @SignalTest(main = RuntimeApp.class, args = {"--tasks", "2", "--max-concurrent", "2"}, at = Moment.ALL_SLOTS_FULL,
                signal = io.signaltest.junit.Signal.TERM)
        void failsOnPurpose(SignalRun run) {
            io.signaltest.junit.SignalTestAssertions.assertThat(run).exitedWith(0);
        }
    }
}
