package io.signaltest.junit;

import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signaltest.junit.fixtures.PlainApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Real children, real signals, for programs without a log and for what lies outside it: the Nth matching line as the
 * moment, a moment line that came only as the child exited, the child's own temporary directory, argument sets and the
 * module directory placeholder.
 */
class OutputAndTempIT {

    private static EngineExecutionResults results;

    @BeforeAll
    static void runTheScenarios() {
        results = FixtureKit.run(
                TestCases.class,
                Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent"));
    }

    @Test
    void everyScenarioPasses() {
        FixtureKit.assertPassed(results, 7);
    }

    @Test
    void eachArgumentSetIsAnInvocationNamedAfterIt() {
        assertThat(FixtureKit.testNames(results))
                .contains("first: output /ready/, SIGINT", "second set: output /ready/, SIGINT");
    }

    @Test
    void aRunWithWarningsPublishesThem() {
        assertThat(FixtureKit.reportEntries(results))
                .anySatisfy(entry -> assertThat(entry.get("signaltest.warnings"))
                        .contains("reached signaltest only with the last of stdout"));
    }

    @Fixture
    static class TestCases {

        /**
         * The signal goes out after the second line only: the first is followed by a pause in which SIGINT would end
         * sh.
         */
        @SignalTest(
                command = {"/bin/sh", "-c", "echo 'Task 1 started'; sleep 0.3; echo 'Task 2 started'; exec sleep 600"},
                atOutput = "Task \\d started",
                atOutputCount = 2)
        void theNthMatchingLine(SignalRun run) {
            assertThat(run.moment()).isEqualTo("output /Task \\d started/ #2");
            assertThat(run.stdout()).isEqualTo("Task 1 started\nTask 2 started\n");
            assertThat(run).printedAfterTheSignal("started", 0).exitedWith(130);
        }

        /** printf writes its three lines at once, as a buffered stdout does when the program exits. */
        @SignalTest(
                command = {"/bin/sh", "-c", "printf 'Task 1 started\\nTask 2 started\\nall done\\n'; exec sleep 600"},
                atOutput = "Task 2 started")
        void aMomentLineThatCameWithTheEndIsAWarning(SignalRun run) {
            assertThat(run.warnings())
                    .singleElement()
                    .asString()
                    .contains("the moment's line \"Task 2 started\" reached signaltest only with the last of stdout");
            assertThat(run).shutDownWithin(java.time.Duration.ofHours(1)); // warnings alone fail nothing
        }

        @SignalTest(
                command = {
                    "/bin/sh",
                    "-c",
                    "trap 'echo cleaned up; exit 130' INT; echo 'Task 1 started'; while :; do sleep 0.05; done"
                },
                atOutput = "Task 1 started")
        void aMomentLineFollowedByOutputAfterTheSignalIsNoWarning(SignalRun run) {
            assertThat(run.warnings()).isEmpty();
            assertThat(run).printedAfterTheSignal("cleaned up", 1).exitedWith(130);
        }

        @SignalTest(
                command = {"/bin/sh", "-c", "mktemp > /dev/null; echo ready; exec sleep 600"},
                atOutput = "ready")
        void aCommandGetsItsTemporaryDirectoryAsTmpdir(SignalRun run) {
            assertThatThrownBy(() -> assertThat(run).leftNoTemporaryFiles())
                    .hasMessageContaining("temporary file left behind: tmp.");
            assertThat(run.temporaryDirectory()).isEqualTo(run.directory().resolve("tmp"));
        }

        @SignalTest(main = PlainApp.class, atOutput = "plain app: ready")
        void aJvmGetsItsTemporaryDirectoryAsJavaIoTmpdir(SignalRun run) {
            assertThat(run.command()).contains("-Djava.io.tmpdir=" + run.temporaryDirectory());
            assertThat(run).leftNoTemporaryFiles();
        }

        @SignalTest(
                command = {"/bin/sh", "-c", "echo \"$MODULE $0\"; echo ready; exec sleep 600"},
                env = "MODULE={moduleDir}",
                argSets = {
                    @SignalTest.Args(name = "first", value = "one"),
                    @SignalTest.Args(name = "second set", value = "two")
                },
                atOutput = "ready")
        void argumentSetsAndTheModuleDirectory(SignalRun run) {
            String module = Path.of("").toAbsolutePath().toString(); // Failsafe runs in the module's directory
            assertThat(run.stdout().lines().findFirst())
                    .hasValueSatisfying(line -> assertThat(List.of(module + " one", module + " two"))
                            .contains(line));
        }
    }
}
