package io.signaltest.agent.plain;

import static io.signaltest.junit.SignalTestAssertions.assertThat;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;

/**
 * {@link FixedPoolBatch}, a program with no signaltest code, tested with the agent: the same exact moment and the same
 * log-based checks as a program on the runtime.
 */
class FixedPoolBatchIT {

    // tag::agent[]
    // spotless:off
    @SignalTest(main = FixedPoolBatch.class, agent = true, at = Moment.QUEUE_WAITING,
            args = {"--tasks", "6", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "20",
                "--work-dir", "{runDir}/work"})
    // spotless:on
    void queuedTasksNeverStartAndRunningOnesFinish(SignalRun run) {
        assertThat(run)
                .exitedWithSignalCode()
                .signalLandedAt(Moment.QUEUE_WAITING)
                .startedNoTaskAfterTheSignal()
                .cleanedUpEveryStartedTaskOnce()
                .finishedEveryCleanup()
                .cancelledEveryQueuedTaskBeforeStart()
                .leftNoFilesIn(run.directory().resolve("work"));
    }
    // end::agent[]

    @SignalTest(
            main = FixedPoolBatch.class,
            agent = true,
            at = Moment.DURING_CLEANUP,
            args = {
                "--tasks",
                "2",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "20",
                "--work-dir",
                "{runDir}/work"
            })
    void aSecondSignalDuringTheCleanupsCutsNothingShort(SignalRun run) {
        assertThat(run)
                .exitedWithSignalCode()
                .receivedSignals(2)
                .repeatedSignalsDidNotAbortCleanup()
                .finishedEveryCleanup();
    }
}
