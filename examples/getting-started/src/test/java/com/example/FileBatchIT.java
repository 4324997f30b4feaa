// tag::file[]
package com.example;

import static io.signaltest.junit.SignalTestAssertions.assertThat;

import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;

class FileBatchIT {

    @SignalTest(main = FileBatch.class, at = Moment.QUEUE_WAITING, signal = {Signal.INT, Signal.TERM},
            args = {"--tasks", "6", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "50",
                "--work-dir", "{runDir}/work"})
    void aSignalWhileTasksWaitStopsEverythingCleanly(SignalRun run) {
        assertThat(run).exitedWithSignalCode()
                .signalLandedAt(Moment.QUEUE_WAITING)
                .startedNoTaskAfterTheSignal()
                .cleanedUpEveryStartedTaskOnce()
                .cancelledEveryQueuedTaskBeforeStart()
                .leftNoResourceOpen()
                .leftNoFilesIn(run.directory().resolve("work"));
    }

    @SignalTest(main = FileBatch.class, at = Moment.DURING_CLEANUP, firstSignalAt = Moment.QUEUE_WAITING,
            args = {"--tasks", "5", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "300",
                "--work-dir", "{runDir}/work"})
    void aSecondCtrlCDoesNotCutTheCleanupShort(SignalRun run) {
        assertThat(run).exitedWith(130)
                .receivedSignals(2)
                .repeatedSignalsDidNotAbortCleanup()
                .finishedEveryCleanup()
                .leftNoFilesIn(run.directory().resolve("work"));
    }
}
// end::file[]
