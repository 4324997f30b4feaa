package io.signaltest.sample;

import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.testing.RequiresTool;
import io.signaltest.testing.Tool;

/**
 * A program in another language, tested by the same harness: a Python asyncio batch that writes the cleanup log itself
 * (src/test/python/asyncio_batch.py) and prints "ready" when every slot is busy and jobs wait. The moment is that line
 * of output; every log-based check applies.
 */
@RequiresTool(Tool.PYTHON3)
class PythonAsyncioIT {

    // tag::python[]
    @SignalTest(
            command = {"python3", "src/test/python/asyncio_batch.py"},
            args = {"--tasks", "6", "--max-concurrent", "2", "--cleanup-millis", "50"},
            atOutput = "^ready$",
            signal = {Signal.INT, Signal.TERM})
    void anAsyncioProgramThatWritesTheLogPassesTheSameChecks(SignalRun run) {
        assertThat(run)
                .exitedWithSignalCode()
                .startedNoTaskAfterTheSignal()
                .cleanedUpEveryStartedTaskOnce()
                .finishedEveryCleanup()
                .cancelledEveryQueuedTaskBeforeStart()
                .endedEveryTaskInExactlyOneTerminalState()
                .hasNoUnexpectedStderr();
        assertThat(run.log().taskIds("task_cancelled_before_start")).containsExactly(3, 4, 5, 6);
    }
    // end::python[]
}
