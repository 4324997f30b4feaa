package io.signaltest.sample.plain;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.sample.ScenarioMatrix;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every plain pitfall fails the standard matrix with the agent, and the failures name its symptom. */
class PlainPitfallsIT {

    static Stream<Arguments> pitfalls() {
        return Stream.of(
                Arguments.of(
                        PlainPitfalls.HookDoesNotWait.class,
                        List.of(
                                "but never ended",
                                "(FileJob[input-",
                                " on pool-",
                                " of java.util.concurrent.ThreadPoolExecutor#1)")),
                Arguments.of(
                        PlainPitfalls.ShutdownInsteadOfShutdownNow.class, List.of("did not exit", "awaitTermination")),
                Arguments.of(PlainPitfalls.SwallowsInterrupt.class, List.of("did not exit", "SwallowingJob.run")),
                Arguments.of(PlainPitfalls.ExitCodeZero.class, List.of("exit code 0, expected 130")),
                Arguments.of(PlainPitfalls.DaemonWorkers.class, List.of("but never ended")),
                Arguments.of(PlainPitfalls.LeavesTempFile.class, List.of("file left behind in work: input-")));
    }

    @ParameterizedTest(name = "{0} fails the matrix")
    @MethodSource("pitfalls")
    void everyPlainPitfallFailsTheMatrixNamingItsSymptom(Class<?> program, List<String> symptoms) {
        List<String> failures = ScenarioMatrix.failureMessages(PlainProgramsIT.withTheAgent(program));

        assertThat(failures)
                .as("failed scenarios of %s", program.getSimpleName())
                .isNotEmpty();
        assertThat(String.join("\n", failures)).contains(symptoms);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_19)
    void closingThePoolInTryWithResourcesWaitsForEveryTaskAfterCtrlC() {
        List<String> failures = ScenarioMatrix.failureMessages(
                PlainProgramsIT.withTheAgent(PlainPitfalls.ClosesThePoolInTryWithResources.class));

        assertThat(failures).isNotEmpty();
        assertThat(String.join("\n", failures)).contains("did not exit", "ExecutorService.close");
    }
}
