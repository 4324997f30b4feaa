package io.signaltest.sample.pitfalls;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.SignalTestAssertions;
import io.signaltest.runtime.Moment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.AssertionErrorCreator;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The scenario of the race hunt: short tasks and short cleanups, and the signal jittered within {@value #JITTER_MILLIS}
 * ms after the queue formed, so that it lands anywhere in the run: while tasks work, as they finish, as queued ones
 * start, during cleanups. The program comes from {@value SignalTest#PROGRAM_MAIN_PROPERTY} and the number of runs from
 * {@value SignalTest#RUNS_PROPERTY}, as {@code RaceHuntIT} and the {@code race-hunt} profile set them. Each run checks
 * what the standard matrix checks.
 */
@Execution(ExecutionMode.CONCURRENT)
public class RaceScenarios {

    /** The window after the moment within which each run's signal goes out. */
    public static final long JITTER_MILLIS = 25;

    // tag::race-scenario[]
    @SignalTest(
            at = Moment.QUEUE_WAITING,
            jitterMillis = JITTER_MILLIS,
            args = {
                "--tasks",
                "16",
                "--max-concurrent",
                "2",
                "--task-millis",
                "3",
                "--cleanup-millis",
                "2",
                "--work-dir",
                "{runDir}/work",
                "--output-dir",
                "{runDir}/out"
            })
    void signalBetweenTheMoments(SignalRun run) {
        List<AssertionError> failures = new ArrayList<>();
        check(failures, () -> SignalTestAssertions.assertThat(run).shutDownCleanly());
        check(
                failures,
                () -> SignalTestAssertions.assertThat(run)
                        .leftNoFilesIn(run.directory().resolve("work")));
        check(failures, () -> SignalTestAssertions.assertThat(run).shutDownWithin(Duration.ofSeconds(10)));
        if (!failures.isEmpty()) {
            throw new AssertionErrorCreator().multipleSoftAssertionsError(failures);
        }
    }
    // end::race-scenario[]

    private static void check(List<AssertionError> failures, Runnable check) {
        try {
            check.run();
        } catch (AssertionError failure) {
            failures.add(failure);
        }
    }
}
