package io.signaltest.sample.pitfalls;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.SignalTest;
import io.signaltest.sample.BatchApp;
import io.signaltest.sample.ScenarioMatrix;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The standard scenario matrix against the sample app and the hand-rolled control (they pass
 * every scenario) and against every entry of the pitfall catalogue (each fails, and the failure
 * message names its symptom). The matrix runs through the JUnit Platform, as it would for a user.
 */
class CatalogueIT {

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
                Arguments.of(HangsAfterSignal.class, List.of("did not exit", "metrics-flusher")));
    }

    @ParameterizedTest(name = "{0} fails the matrix")
    @MethodSource("catalogue")
    void everyPitfallFailsTheMatrixNamingItsSymptom(Class<?> program, List<String> symptoms) {
        EngineExecutionResults results = matrix(SignalTest.PROGRAM_MAIN_PROPERTY, program.getName());

        List<String> failures = failureMessages(results);
        assertThat(failures).as("failed scenarios of %s", program.getSimpleName()).isNotEmpty();
        assertThat(String.join("\n", failures)).contains(symptoms);
    }

    @Test
    void sigintInheritedAsIgnoredIsNamedAsSuch() {
        String command = "[\"/bin/sh\", \"-c\", \"" + IgnoredSigint.LAUNCHER_SCRIPT.replace("\"", "\\\"") + "\", "
                + "\"{java}\", \"-cp\", \"{classpath}\", \"" + BatchApp.class.getName() + "\"]";
        EngineExecutionResults results = matrix(SignalTest.PROGRAM_COMMAND_PROPERTY, command);

        List<String> failures = failureMessages(results);
        assertThat(failures).as("every SIGINT scenario fails").hasSize(6)
                .allSatisfy(m -> assertThat(m).contains("The child has SIGINT ignored (inherited as ignored)"));
        assertThat(results.testEvents().succeeded().count()).as("the SIGTERM scenarios pass").isEqualTo(2);
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
        assertThat(results.testEvents().succeeded().count()).isEqualTo(8);
    }

    private static EngineExecutionResults matrix(String property, String program) {
        return ScenarioMatrix.run(Map.of(property, program));
    }

    private static List<String> failureMessages(EngineExecutionResults results) {
        return ScenarioMatrix.failureMessages(results);
    }
}
