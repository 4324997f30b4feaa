package io.signaltest.sample.pitfalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.StandardScenarios;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The exit race scenario of the standard matrix catches a program that exits without waiting for its cleanups in every
 * run, not now and then: {@value #RUNS} runs of it against each such catalogue entry, one after the other, while two
 * busy loops ({@code sh -c 'while :; do :; done'}) keep the machine's CPUs loaded, each run must fail naming the
 * symptom; the correct control must pass every run under the same load. Slow by design, so only under the profile
 * {@code exit-races}: {@code ./mvnw -B -ntp -pl sample-app -am verify -Pexit-races}.
 */
class ExitRaceIT {

    static final int RUNS = 50;
    private static final int CONTROL_RUNS = 20;
    private static final String SCENARIO = "exitRaceWithLongCleanups";

    private static final List<Process> LOAD = new ArrayList<>();

    @BeforeAll
    static void loadTheMachine() throws IOException {
        for (int i = 0; i < 2; i++) {
            LOAD.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
        }
    }

    @AfterAll
    static void stopTheLoad() {
        LOAD.forEach(Process::destroyForcibly);
    }

    static List<Arguments> racingPrograms() {
        return List.of(
                // the JVM halts during the cleanups, or even before a task has logged the start of its cleanup
                Arguments.of(
                        ExitsAfterFixedGrace.class,
                        "started at #\\d+ but never ended|started but its cleanup never ran"),
                Arguments.of(CleanupOnAnotherPool.class, "file left behind in work: input-"));
    }

    @ParameterizedTest(name = "{0} is caught in every run")
    @MethodSource("racingPrograms")
    void aProgramThatDoesNotWaitForItsCleanupsIsCaughtInEveryRun(Class<?> program, String symptom) {
        java.util.regex.Pattern expected = java.util.regex.Pattern.compile(symptom);
        List<String> escapes = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            assertThat(LOAD).as("the busy loops still load the machine").allMatch(Process::isAlive);
            List<String> failures = failures(runTheScenario(program, run));
            if (failures.size() != 1 || !expected.matcher(failures.get(0)).find()) {
                escapes.add("run " + run + ": " + (failures.isEmpty() ? "passed" : failures));
            }
        }
        assertThat(escapes)
                .as("runs of %d in which %s was not caught with \"%s\"", RUNS, program.getSimpleName(), symptom)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} passes every run")
    @MethodSource("correctPrograms")
    void aCorrectProgramPassesEveryRun(Class<?> program) {
        List<String> falseAlarms = new ArrayList<>();
        for (int run = 1; run <= CONTROL_RUNS; run++) {
            List<String> failures = failures(runTheScenario(program, run));
            if (!failures.isEmpty()) {
                falseAlarms.add("run " + run + ": " + failures);
            }
        }
        assertThat(falseAlarms).isEmpty();
    }

    static List<Class<?>> correctPrograms() {
        return List.of(HandRolledBatch.class);
    }

    private static EngineExecutionResults runTheScenario(Class<?> program, int run) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(StandardScenarios.class, SCENARIO, SignalRun.class.getName()))
                .configurationParameters(Map.of(
                        SignalTest.PROGRAM_MAIN_PROPERTY,
                        program.getName(),
                        SignalTest.OUTPUT_DIRECTORY_PROPERTY,
                        "target/signaltest-exit-races/" + program.getSimpleName() + "/run-" + run))
                .execute();
    }

    private static List<String> failures(EngineExecutionResults results) {
        List<String> messages = new ArrayList<>();
        for (Event event : results.testEvents().failed().list()) {
            messages.add(event.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable)
                    .map(Throwable::getMessage)
                    .orElse("(no message)"));
        }
        assertThat(results.testEvents().finished().count())
                .as("the scenario ran once")
                .isEqualTo(1);
        return messages;
    }
}
