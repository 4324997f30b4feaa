package io.signaltest.sample;

import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.testing.RequiresTool;
import io.signaltest.testing.Tool;

/**
 * Programs that write no cleanup log, checked by their output alone: two asyncio designs of the same batch
 * (src/test/python/asyncio_print_only.py), at n tasks / max concurrent = 2/3 (free slots), 2/2 (all slots busy) and 3/2
 * (a job waiting for a slot), with SIGINT after the second "Task started" line. The TaskGroup design cleans up every
 * started task in all three; the gather design loses its cleanups when a job waits for a slot.
 */
@RequiresTool(Tool.PYTHON3)
class PythonOutputIT {

    // tag::python-output[]
    @SignalTest(
            command = {"python3", "-u", "{moduleDir}/src/test/python/asyncio_print_only.py", "taskgroup"},
            argSets = {
                @SignalTest.Args(
                        name = "2 tasks, 3 slots",
                        value = {"2", "3"}),
                @SignalTest.Args(
                        name = "2 tasks, 2 slots",
                        value = {"2", "2"}),
                @SignalTest.Args(
                        name = "3 tasks, 2 slots",
                        value = {"3", "2"})
            },
            atOutput = "Task \\d+ started",
            atOutputCount = 2)
    void aTaskGroupCleansUpEveryStartedTask(SignalRun run) {
        assertThat(run)
                .exitedWith(130)
                .matchedEveryStartWithACleanup("Task (\\d+) started", "Task (\\d+) cleaned up")
                .printedAfterTheSignal("Task \\d+ cleaned up", 2)
                .printedAfterTheSignal("Task \\d+ started", 0)
                .hasNoStackTraceOnStderr();
    }
    // end::python-output[]

    @SignalTest(
            command = {"python3", "-u", "{moduleDir}/src/test/python/asyncio_print_only.py", "gather"},
            argSets =
                    @SignalTest.Args(
                            name = "3 tasks, 2 slots",
                            value = {"3", "2"}),
            atOutput = "Task \\d+ started",
            atOutputCount = 2)
    void gatherLosesTheCleanupsWhenAJobWaitsForASlot(SignalRun run) {
        assertThatThrownBy(() ->
                        assertThat(run).matchedEveryStartWithACleanup("Task (\\d+) started", "Task (\\d+) cleaned up"))
                .hasMessageContaining("no cleanup line for: Task 1 started")
                .hasMessageContaining("no cleanup line for: Task 2 started");
    }
}
