package io.signaltest.junit.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.Repetition;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 * A repeated scenario is one row of the verdict table, and one line of its own table: how many runs, how many failed
 * (with the rate), how many tested nothing, and the seed that replays the first failed run.
 */
class RepeatedScenarioTableIT {

    private static final String RUN_CASES = "signaltest.repeated-table.cases";
    private static final long FIRST_SEED = 0x00c0_ffee_0000_0000L;

    @Test
    void sumsUpEachRepeatedScenarioWithItsRunsFailuresAndTheSeedOfItsFirstFailure(@TempDir Path output) {
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
                .configurationParameter(SignalTest.SEED_PROPERTY, seed(FIRST_SEED))
                .build());

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .containsPattern(
                        "RepeatedScenarioTableIT\\.Cases\\.failsInEveryThirdRun \\[output /ready/, SIGINT\\] x6 +"
                                + "\\| FAIL +\\| +130 \\|.*\\| failed 2 of 6 \\(33\\.3 %\\) runs; "
                                + "the first, run 3 \\(seed " + seed(FIRST_SEED + 2) + "\\): ")
                .containsPattern(
                        "RepeatedScenarioTableIT\\.Cases\\.failsInEveryThirdRun \\[output /ready/, SIGINT\\] x6 +"
                                + "\\| +6 \\| 2 of 6 \\(33\\.3 %\\) \\| +0 \\| run 3, seed " + seed(FIRST_SEED + 2)
                                + " \\| " + seed(FIRST_SEED))
                .containsPattern(
                        "RepeatedScenarioTableIT\\.Cases\\.alwaysPasses \\[output /ready/, SIGINT\\] x2 +\\| pass ")
                .containsPattern(
                        "alwaysPasses \\[output /ready/, SIGINT\\] x2 +\\| +2 \\| +0 of 2 \\(0\\.0 %\\) \\| +0 \\| -")
                .contains("replay a failed run with -Dsignaltest.replay=<its seed>")
                .contains("1 of 2 scenarios passed")
                .doesNotContain("run 4 of 6");
    }

    private static String seed(long seed) {
        return new Repetition(1, 1, seed, Duration.ZERO).seedText();
    }

    @ExtendWith(OnlyFromTheTest.class)
    static class Cases {

        @SignalTest(
                command = {"/bin/sh", "-c", "echo ready; exec sleep 60"},
                atOutput = "ready",
                runs = 6)
        void failsInEveryThirdRun(SignalRun run) {
            assertThat(run.repetition().orElseThrow().run() % 3)
                    .as("fails on purpose in runs 3 and 6")
                    .isNotZero();
        }

        @SignalTest(
                command = {"/bin/sh", "-c", "echo ready; exec sleep 60"},
                atOutput = "ready",
                runs = 2)
        void alwaysPasses(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
        }
    }

    /** The cases run only from the test above, which sets the parameter. */
    static final class OnlyFromTheTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(RUN_CASES).isPresent()
                    ? ConditionEvaluationResult.enabled("run by RepeatedScenarioTableIT")
                    : ConditionEvaluationResult.disabled("cases of RepeatedScenarioTableIT");
        }
    }
}
