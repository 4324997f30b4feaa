package io.signaltest.sample;

import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;
import java.nio.file.Path;

/**
 * The sample app's own signal tests: every moment with a real SIGINT, and SIGTERM while all slots are busy and while
 * tasks wait. Each scenario gives the app a work directory inside the run's directory and checks that no temporary file
 * is left in it. (Runs without a signal, and a failing task, are in {@link BatchAppIT}.)
 */
class BatchAppSignalIT {

    // tag::queue-waiting[]
    // spotless:off
    @SignalTest(main = BatchApp.class, at = Moment.QUEUE_WAITING, signal = {Signal.INT, Signal.TERM},
            args = {"--tasks", "6", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "50",
                "--work-dir", "{runDir}/work", "--output-dir", "{runDir}/out"})
    // spotless:on
    void queuedTasksNeverStartAndRunningOnesCleanUp(SignalRun run) {
        assertThat(run)
                .exitedWithSignalCode()
                .signalLandedAt(Moment.QUEUE_WAITING)
                .startedNoTaskAfterTheSignal()
                .cleanedUpEveryStartedTaskOnce()
                .cancelledEveryQueuedTaskBeforeStart()
                .leftNoResourceOpen()
                .leftNoFilesIn(workDirectory(run));
        assertThat(run.stdout()).contains("2 cancelled while running (cleaned up), 4 never started");
    }
    // end::queue-waiting[]

    @SignalTest(
            main = BatchApp.class,
            at = {Moment.BEFORE_START, Moment.BELOW_LIMIT},
            args = {
                "--tasks",
                "2",
                "--max-concurrent",
                "3",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "50",
                "--work-dir",
                "{runDir}/work",
                "--output-dir",
                "{runDir}/out"
            })
    void beforeStartAndBelowTheLimit(SignalRun run) {
        assertThat(run).shutDownCleanly().leftNoFilesIn(workDirectory(run));
    }

    @SignalTest(
            main = BatchApp.class,
            at = Moment.ALL_SLOTS_FULL,
            signal = {Signal.INT, Signal.TERM},
            args = {
                "--tasks",
                "3",
                "--max-concurrent",
                "3",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "50",
                "--work-dir",
                "{runDir}/work",
                "--output-dir",
                "{runDir}/out"
            })
    void allSlotsFull(SignalRun run) {
        assertThat(run).shutDownCleanly().leftNoFilesIn(workDirectory(run));
    }

    // tag::during-cleanup[]
    @SignalTest(
            main = BatchApp.class,
            at = Moment.DURING_CLEANUP,
            firstSignalAt = Moment.QUEUE_WAITING,
            args = {
                "--tasks",
                "5",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "300",
                "--work-dir",
                "{runDir}/work",
                "--output-dir",
                "{runDir}/out"
            })
    void aSecondCtrlCDoesNotCutTheCleanupShort(SignalRun run) {
        assertThat(run)
                .exitedWith(130)
                .receivedSignals(2)
                .repeatedSignalsDidNotAbortCleanup()
                .finishedEveryCleanup()
                .leftNoFilesIn(workDirectory(run));
    }
    // end::during-cleanup[]

    @SignalTest(
            main = BatchApp.class,
            at = Moment.QUEUE_WAITING,
            repeat = 3,
            args = {
                "--tasks",
                "5",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "300",
                "--work-dir",
                "{runDir}/work",
                "--output-dir",
                "{runDir}/out"
            })
    void threeCtrlCsInARow(SignalRun run) {
        assertThat(run).shutDownCleanly().receivedSignals(3).leftNoFilesIn(workDirectory(run));
    }

    private static Path workDirectory(SignalRun run) {
        return run.directory().resolve("work");
    }
}
