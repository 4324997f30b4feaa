package io.signaltest.agent.plain;

import static org.assertj.core.api.Assertions.assertThat;

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
                Arguments.of(PlainPitfalls.DaemonWorkers.class, List.of("started but its cleanup never ran")),
                Arguments.of(PlainPitfalls.LeavesTempFile.class, List.of("file left behind in work: input-")));
    }

    @ParameterizedTest(name = "{0} fails the matrix")
    @MethodSource("pitfalls")
    void everyPlainPitfallFailsTheMatrixNamingItsSymptom(Class<?> program, List<String> symptoms) {
        List<String> failures = Matrix.failureMessages(Matrix.withTheAgent(program));

        assertThat(failures)
                .as("failed scenarios of %s", program.getSimpleName())
                .isNotEmpty();
        assertThat(String.join("\n", failures)).contains(symptoms);
    }

    /**
     * Virtual threads that keep waiting for a permit when interrupted start after Ctrl+C: the agent lets them, as the
     * program does without it, and the matrix names the late starts.
     */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void tasksThatRetryTheirAcquireAfterTheInterruptFailTheMatrix() {
        List<String> failures = Matrix.failureMessages(Matrix.withTheAgent(RetryingAcquireBatch.class));

        assertThat(failures).isNotEmpty();
        assertThat(String.join("\n", failures)).contains("started after the signal", "virtual thread #");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_19)
    void closingThePoolInTryWithResourcesWaitsForEveryTaskAfterCtrlC() {
        List<String> failures =
                Matrix.failureMessages(Matrix.withTheAgent(PlainPitfalls.ClosesThePoolInTryWithResources.class));

        assertThat(failures).isNotEmpty();
        assertThat(String.join("\n", failures)).contains("did not exit", "ExecutorService.close");
    }
}
