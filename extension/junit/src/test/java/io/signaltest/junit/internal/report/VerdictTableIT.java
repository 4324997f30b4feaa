package io.signaltest.junit.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalRunAssert;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.runtime.Moment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The verdict table, printed by the real JUnit Platform launcher after real scenarios, run in parallel: a passing one,
 * a failing one whose check is a soft assertion (as in the standard matrix), and a method of the same name in a nested
 * class; and the reports written beside it.
 */
class VerdictTableIT {

    private static final String RUN_CASES = "signaltest.verdict-table.cases";

    /** Lets the first scenario of the plan finish only after the second: completion order is not plan order. */
    private static final CountDownLatch SECOND_FINISHED = new CountDownLatch(1);

    @Test
    void listsEachScenarioInPlanOrderWithItsFullNameVerdictExitCodeCountsAndSymptom(@TempDir Path output)
            throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        VerdictTable table = new VerdictTable(new PrintStream(printed, true, StandardCharsets.UTF_8));
        var launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(table, new CountDownWhenSecondFinishes())
                .build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Cases.class))
                .configurationParameter(RUN_CASES, "true")
                .configurationParameter(SignalTest.OUTPUT_DIRECTORY_PROPERTY, output.toString())
                .configurationParameter(
                        "junit.platform.reporting.output.dir",
                        output.resolve("reports").toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "3")
                .build());

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("signaltest scenarios")
                .containsPattern(
                        "VerdictTableIT\\.Cases\\.failsOnPurpose \\[ALL_SLOTS_FULL, SIGTERM\\] +\\| FAIL +\\| +143 \\|")
                .containsPattern("VerdictTableIT\\.Cases\\.passes \\[QUEUE_WAITING, SIGINT\\] +\\| pass +\\| +130 "
                        + "\\| +2 \\| +1 \\|")
                .containsPattern(
                        "VerdictTableIT\\.Cases\\.Inner\\.passes \\[BELOW_LIMIT, SIGINT\\] +\\| pass +\\| +130 \\|")
                .containsPattern("\\| exit code 143 \\(128 \\+ SIGTERM\\), expected 0\\R")
                .doesNotContain("Multiple Failures")
                .contains("2 of 3 scenarios passed")
                .contains("passes/QUEUE_WAITING-SIGINT");
        assertThat(text.indexOf("Cases.failsOnPurpose ["))
                .as("rows in the plan's order, not in completion order")
                .isLessThan(text.indexOf("Cases.passes ["));
        assertThat(text.indexOf("Cases.passes [")).isLessThan(text.indexOf("Cases.Inner.passes ["));
        assertThat(text)
                .as("where the report is, for a person reading a build log")
                .endsWith("signaltest: report " + output.resolve("index.html") + System.lineSeparator());
        assertThat(output.resolve("verdicts.txt")).exists();
        assertThat(text).startsWith(Files.readString(output.resolve("verdicts.txt")));
        assertThat(output.resolve("index.html"))
                .content()
                .contains(
                        "2 of 3 scenarios passed",
                        "exit code 143 (128 + SIGTERM), expected 0",
                        "VerdictTableIT.Cases.Inner.passes [BELOW_LIMIT, SIGINT]",
                        "<svg class=\"run-picture\"");
        try (var attached = Files.walk(output.resolve("reports"))) {
            assertThat(attached.map(p -> p.getFileName().toString()))
                    .as("the run's files attached to the test report (JUnit 5.12+)")
                    .contains("timeline.txt", "cleanup.jsonl", "stdout.txt", "stderr.txt", "report.txt");
        }
    }

    /** Registered after the table, so the table has seen the second scenario finish when the first goes on. */
    private static final class CountDownWhenSecondFinishes implements TestExecutionListener {
        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() && test.getDisplayName().equals("QUEUE_WAITING, SIGINT")) {
                SECOND_FINISHED.countDown();
            }
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
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @Execution(ExecutionMode.CONCURRENT)
    static class Cases {

        @Order(1)
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "2", "--max-concurrent", "2"},
                at = Moment.ALL_SLOTS_FULL,
                signal = io.signaltest.junit.Signal.TERM)
        void failsOnPurpose(SignalRun run) throws InterruptedException {
            assertThat(SECOND_FINISHED.await(120, TimeUnit.SECONDS))
                    .as("the second scenario finished")
                    .isTrue();
            SoftAssertions softly = new SoftAssertions();
            softly.proxy(SignalRunAssert.class, SignalRun.class, run).exitedWith(0);
            softly.assertAll();
        }

        @Order(2)
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "3", "--max-concurrent", "2"},
                at = Moment.QUEUE_WAITING)
        void passes(SignalRun run) {}

        @Nested
        class Inner {
            @SignalTest(
                    main = RuntimeApp.class,
                    args = {"--tasks", "1", "--max-concurrent", "2"},
                    at = Moment.BELOW_LIMIT)
            void passes(SignalRun run) {}
        }
    }
}
