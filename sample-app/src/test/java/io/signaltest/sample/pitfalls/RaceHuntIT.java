package io.signaltest.sample.pitfalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalTest;
import io.signaltest.junit.StandardScenarios;
import io.signaltest.sample.BatchApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The race hunt ({@link RaceScenarios}: a signal jittered among short tasks, many runs): a race of the catalogue that a
 * scenario at an exact moment never catches is caught in a share of the runs, which is named, and every failed run
 * names its symptom; correct programs fail no run. Runs four scenarios at once.
 *
 * <p>In the build, a few runs each ({@value #RUNS}). The {@code race-hunt} profile runs many more, and adds the exit
 * race and the standard matrix's verdict on each race: {@code ./mvnw -B -ntp -pl sample-app -am verify -Prace-hunt
 * [-Drace.runs=200 -Drace.correctRuns=2000]}.
 */
class RaceHuntIT {

    static final int RUNS = 20;

    private static final int PITFALL_RUNS = Integer.getInteger("race.runs", RUNS);
    private static final int CORRECT_RUNS = Integer.getInteger("race.correctRuns", RUNS);
    /** The profile's longer hunt: the rarer races, and the standard matrix's verdict on them. */
    private static final boolean FULL = Boolean.getBoolean("race.full");

    @Test
    void aTaskInterruptedWhilePublishingIsCaughtInAShareOfTheRunsThatANamedRateGives() {
        Hunt hunt = hunt(PublishInterrupted.class, PITFALL_RUNS);
        hunt.print();
        assertThat(hunt.failed()).as("runs that caught it").isNotEmpty();
        assertThat(hunt.failed())
                .as("every failed run names the symptom")
                .allMatch(message -> Pattern.compile("file left behind in work: input-\\d+\\.part")
                        .matcher(message)
                        .find());
        if (FULL) {
            assertThat(standardMatrixFailures(PublishInterrupted.class))
                    .as("the standard matrix, whose tasks never finish their work, never catches it")
                    .isEmpty();
        }
    }

    @Test
    void anExitRaceWithShortCleanupsIsCaughtInAShareOfTheRuns() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                FULL, "a rare race: hunted by the race-hunt profile (-Prace-hunt), with enough runs to catch it");
        Hunt hunt = hunt(ExitsAfterFixedGrace.class, PITFALL_RUNS);
        hunt.print();
        assertThat(hunt.failed()).as("runs that caught it").isNotEmpty();
        assertThat(hunt.failed())
                .as("every failed run names the symptom")
                .allMatch(
                        message -> Pattern.compile("started at #\\d+ but never ended|started but its cleanup never ran"
                                        + "|ended in no terminal state")
                                .matcher(message)
                                .find());
    }

    @Test
    void theSampleAppFailsNoRun() {
        assertPassesEveryRun(BatchApp.class);
    }

    @Test
    void theHandRolledControlFailsNoRun() {
        assertPassesEveryRun(HandRolledBatch.class);
    }

    private static void assertPassesEveryRun(Class<?> program) {
        Hunt hunt = hunt(program, CORRECT_RUNS);
        hunt.print();
        assertThat(hunt.failed()).as("failed runs of a correct program").isEmpty();
        assertThat(hunt.passed())
                .as("runs that tested a signal (the rest landed after the work was done)")
                .isGreaterThanOrEqualTo(hunt.runs() / 2);
    }

    /** What {@code runs} runs of the race scenario against {@code program} gave. */
    private record Hunt(String program, int runs, long passed, long aborted, List<String> failed) {

        void print() {
            int tested = runs - (int) aborted;
            System.out.printf(
                    Locale.ROOT,
                    "race hunt: %s failed %d of %d runs (%.1f %%); %d more landed after its work was done%n",
                    program,
                    failed.size(),
                    tested,
                    tested == 0 ? 0.0 : 100.0 * failed.size() / tested,
                    aborted);
        }
    }

    private static Hunt hunt(Class<?> program, int runs) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(RaceScenarios.class))
                .configurationParameters(Map.of(
                        SignalTest.PROGRAM_MAIN_PROPERTY,
                        program.getName(),
                        SignalTest.RUNS_PROPERTY,
                        Integer.toString(runs),
                        SignalTest.OUTPUT_DIRECTORY_PROPERTY,
                        "target/signaltest-race-hunt/" + program.getSimpleName(),
                        "junit.jupiter.execution.parallel.enabled",
                        "true",
                        "junit.jupiter.execution.parallel.config.strategy",
                        "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism",
                        "4"))
                .execute();
        assertThat(results.testEvents().finished().count()).as("runs").isEqualTo(runs);
        return new Hunt(
                program.getSimpleName(),
                runs,
                results.testEvents().succeeded().count(),
                results.testEvents().aborted().count(),
                messages(results.testEvents().failed().list()));
    }

    private static List<String> standardMatrixFailures(Class<?> program) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(StandardScenarios.class))
                .configurationParameters(Map.of(
                        SignalTest.PROGRAM_MAIN_PROPERTY,
                        program.getName(),
                        SignalTest.OUTPUT_DIRECTORY_PROPERTY,
                        "target/signaltest-race-hunt/" + program.getSimpleName() + "-matrix"))
                .execute();
        return messages(results.testEvents().failed().list());
    }

    private static List<String> messages(List<Event> events) {
        List<String> messages = new ArrayList<>();
        for (Event event : events) {
            messages.add(event.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable)
                    .map(Throwable::getMessage)
                    .orElse("(no message)"));
        }
        return messages;
    }
}
