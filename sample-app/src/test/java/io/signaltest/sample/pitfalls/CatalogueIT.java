package io.signaltest.sample.pitfalls;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.SignalTest;
import io.signaltest.junit.StandardScenarios;
import io.signaltest.sample.BatchApp;
import io.signaltest.sample.ScenarioMatrix;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The standard scenario matrix against the sample app and the hand-rolled control (they pass every scenario) and
 * against every entry of the pitfall catalogue (each fails, and the failure message names its symptom). The matrix runs
 * through the JUnit Platform, as it would for a user.
 */
class CatalogueIT {

    private static final int SCENARIOS = ScenarioMatrix.SCENARIOS;

    static Stream<Arguments> catalogue() {
        return Stream.of(
                Arguments.of(SwallowsInterrupt.class, List.of("after SIGINT", "SwallowsInterrupt")),
                Arguments.of(ShutdownNowDropsQueue.class, List.of("was never reported as cancelled before start")),
                Arguments.of(QueuedStartAfterCancel.class, List.of("started after the signal")),
                Arguments.of(UnshieldedCleanup.class, List.of("was cut short by the second SIGINT")),
                Arguments.of(HookDoesNotWait.class, List.of("started but its cleanup never ran")),
                Arguments.of(ExitCodeZero.class, List.of("exit code 0, expected 130")),
                Arguments.of(SecondSignalKills.class, List.of("was cut short by the second SIGINT")),
                Arguments.of(CrashBeforeStart.class, List.of("BEFORE_START", "did not exit")),
                Arguments.of(LeavesTempFile.class, List.of("file left behind in work: input-")),
                Arguments.of(CleanupTwice.class, List.of("ran 2 times")),
                Arguments.of(HangsAfterSignal.class, List.of("did not exit", "metrics-flusher")),
                Arguments.of(SpillsToTempDir.class, List.of("temporary file left behind: spill-1-")),
                Arguments.of(
                        HandlesOnlyIntAndTerm.class,
                        List.of("after SIGHUP at ALL_SLOTS_FULL", "started but its cleanup never ran")),
                Arguments.of(ExitsAfterFixedGrace.class, List.of("but never ended")),
                Arguments.of(CleanupOnAnotherPool.class, List.of("file left behind in work: input-")),
                Arguments.of(CompletableFutureCancel.class, List.of("started but its cleanup never ran")),
                Arguments.of(BlockingSocketRead.class, List.of("did not exit", "BlockingSocketRead.body")),
                Arguments.of(ExecutorCloseWaits.class, List.of("did not exit", "awaitTermination")),
                Arguments.of(ParallelStreamTasks.class, List.of("did not exit", "ForkJoinPool")));
    }

    @ParameterizedTest(name = "{0} fails the matrix")
    @MethodSource("catalogue")
    void everyPitfallFailsTheMatrixNamingItsSymptom(Class<?> program, List<String> symptoms) {
        EngineExecutionResults results = matrix(SignalTest.PROGRAM_MAIN_PROPERTY, program.getName());

        List<String> failures = failureMessages(results);
        assertThat(failures)
                .as("failed scenarios of %s", program.getSimpleName())
                .isNotEmpty();
        assertThat(String.join("\n", failures)).contains(symptoms);
    }

    @Test
    void aShutdownSlowerThanTheDeadlineFailsWithItsTime() {
        // one chunk of SlowShutdown is 1000 ms after the signal, always: far above this deadline
        EngineExecutionResults results = matrix(
                SignalTest.PROGRAM_MAIN_PROPERTY,
                SlowShutdown.class.getName(),
                Map.of(StandardScenarios.SHUTDOWN_DEADLINE_PROPERTY, "250"));

        // At BEFORE_START no task runs, so SlowShutdown is not slow there: its time to exit is the
        // JVM's own, which a loaded machine can push past 250 ms. This test is about the others.
        List<String> failures = failureMessages(results).stream()
                .filter(m -> !m.contains("SIGINT at BEFORE_START"))
                .toList();
        assertThat(failures)
                .as("every scenario with a running task fails")
                .hasSize(SCENARIOS - 1)
                .allSatisfy(m -> assertThat(m)
                        .containsPattern("the program took \\d+(\\.\\d+)? s from the signal to its exit, "
                                + "expected at most 250 ms"));
    }

    @Test
    void aStackTraceOnStderrIsAWarningByDefaultAndAFailureWhenStrict() {
        EngineExecutionResults lenient =
                matrix(SignalTest.PROGRAM_MAIN_PROPERTY, PrintsInterruptStackTrace.class.getName());
        assertPassesEverything(lenient);
        assertThat(warnings(lenient))
                .as("the warnings in the report entries")
                .isNotEmpty()
                .allSatisfy(w -> assertThat(w)
                        .contains("stack trace on stderr (line 1): "
                                + "java.lang.InterruptedException: sleep interrupted"));

        EngineExecutionResults strict = matrix(
                SignalTest.PROGRAM_MAIN_PROPERTY,
                PrintsInterruptStackTrace.class.getName(),
                Map.of(StandardScenarios.STACK_TRACES_PROPERTY, "fail"));
        assertThat(failureMessages(strict))
                .as("every scenario with a running task fails")
                .hasSize(SCENARIOS - 1)
                .allSatisfy(m -> assertThat(m)
                        .contains("stack trace on stderr (line 1): java.lang.InterruptedException: sleep interrupted"));
    }

    @Test
    void aBlockingReadThatClosesOnCancelPassesTheWholeMatrix() {
        assertPassesEverything(matrix(SignalTest.PROGRAM_MAIN_PROPERTY, ClosesSocketOnCancel.class.getName()));
    }

    private static List<String> warnings(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class)
                        .orElseThrow())
                .map(entry -> entry.getKeyValuePairs().get("signaltest.warnings"))
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toList());
    }

    @Test
    void sigintInheritedAsIgnoredIsNamedAsSuch() {
        String command = "[\"/bin/sh\", \"-c\", \"" + IgnoredSigint.LAUNCHER_SCRIPT.replace("\"", "\\\"") + "\", "
                + "\"{java}\", \"-cp\", \"{classpath}\", \"" + BatchApp.class.getName() + "\"]";
        EngineExecutionResults results = matrix(SignalTest.PROGRAM_COMMAND_PROPERTY, command);

        List<String> failures = failureMessages(results);
        assertThat(failures)
                .as("every SIGINT scenario fails")
                .hasSize(SCENARIOS - 3)
                .allSatisfy(m -> assertThat(m).contains("The child has SIGINT ignored (inherited as ignored)"));
        assertThat(results.testEvents().succeeded().count())
                .as("the SIGTERM and SIGHUP scenarios pass")
                .isEqualTo(3);
    }

    @Test
    void theSampleAppPassesTheWholeMatrix() {
        assertPassesEverything(matrix(SignalTest.PROGRAM_MAIN_PROPERTY, BatchApp.class.getName()));
    }

    @Test
    void aCorrectHandRolledProgramWithoutTheRuntimePassesTheWholeMatrix() {
        assertPassesEverything(matrix(SignalTest.PROGRAM_MAIN_PROPERTY, HandRolledBatch.class.getName()));
    }

    private static void assertPassesEverything(EngineExecutionResults results) {
        assertThat(failureMessages(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(SCENARIOS);
    }

    private static EngineExecutionResults matrix(String property, String program) {
        return matrix(property, program, Map.of());
    }

    private static EngineExecutionResults matrix(String property, String program, Map<String, String> settings) {
        Map<String, String> configuration = new java.util.HashMap<>(settings);
        configuration.put(property, program);
        return ScenarioMatrix.run(configuration);
    }

    private static List<String> failureMessages(EngineExecutionResults results) {
        return ScenarioMatrix.failureMessages(results);
    }
}
