package io.signaltest.junit;

import static io.signaltest.junit.SignalRunFixtures.run;
import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The checks read a log that the signaltest agent wrote for a program on plain executors: each message names the
 * program's fault as the log shows it, not the harness's last action.
 */
class AgentLogChecksTest {

    private static final String START = """
            {"event":"run_started","writer":"agent","signals":{"INT":"handled"}}
            {"event":"executor_seen","executor":"java.util.concurrent.ThreadPoolExecutor#1","max_concurrent":1}
            {"event":"task_queued","task":1,"name":"FileJob[input-1]","executor":"java.util.concurrent.ThreadPoolExecutor#1"}
            {"event":"task_started","task":1,"slot":1,"thread":"pool-1-thread-1","executor":"java.util.concurrent.ThreadPoolExecutor#1"}
            """;

    /**
     * The hook called shutdownNow and returned: the JVM halted in the cleanup, second signal or not (the JVM's own
     * handler asks for an exit again on the second signal, which a JVM already shutting down ignores).
     */
    @Test
    void aHookThatReturnsWithoutWaitingIsNamedNotTheSecondSignal() {
        SignalRun run = run(START + """
                        {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                        {"event":"exit_requested","code":130,"by":"jvm","caller":"java.lang.Terminator$1.handle"}
                        {"event":"shutdown_hooks_started","hooks":["batch-shutdown"]}
                        {"event":"run_cancelling","cause":"shutdownNow","thread":"batch-shutdown"}
                        {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled","by":"shutdownNow"}   // #8
                        {"event":"moment","moment":"DURING_CLEANUP","in_cleanup":1,"held":true}
                        {"event":"signal_received","signal":"INT","number":2,"count":2,"action":"repeated"}
                        {"event":"hold_released","moment":"DURING_CLEANUP","reason":"signal"}
                        {"event":"exit_requested","code":130,"by":"jvm","caller":"java.lang.Terminator$1.handle"}
                        {"event":"shutdown_hooks_finished"}                                                     // #13
                        {"event":"task_running_at_halt","task":1,"slot":1,"in_cleanup":true}
                        {"event":"run_finished","signals_received":2}
                        {"event":"exit","code":130,"chosen_by":"jvm"}
                        """)
                .signalsSent(2)
                .moment("DURING_CLEANUP")
                .exitCode(130)
                .build();

        assertThatThrownBy(() -> assertThat(run).repeatedSignalsDidNotAbortCleanup())
                .hasMessageContaining("cleanup of task 1 (FileJob[input-1] on pool-1-thread-1 of "
                        + "java.util.concurrent.ThreadPoolExecutor#1) started at #8 but never ended: the program's "
                        + "shutdown hooks returned at #13 without waiting for it")
                .hasMessageNotContaining("cut short by the second SIGINT");
    }

    /** The task swallowed its interrupt: the program never exited, and the harness killed it. */
    @Test
    void aTaskThatGoesOnAfterItsInterruptIsNamedNotTheSecondSignal() {
        SignalRun run = run(START + """
                        {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                        {"event":"exit_requested","code":130,"by":"jvm","caller":"java.lang.Terminator$1.handle"}
                        {"event":"shutdown_hooks_started","hooks":["batch-shutdown"]}
                        {"event":"run_cancelling","cause":"shutdownNow","thread":"batch-shutdown"}
                        {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled","by":"shutdownNow"}   // #8
                        {"event":"moment","moment":"DURING_CLEANUP","in_cleanup":1,"held":true}
                        {"event":"signal_received","signal":"INT","number":2,"count":2,"action":"repeated"}
                        {"event":"hold_released","moment":"DURING_CLEANUP","reason":"signal"}
                        """)
                .signalsSent(2)
                .moment("DURING_CLEANUP")
                .exitCode(137)
                .build();

        assertThatThrownBy(() -> assertThat(run).repeatedSignalsDidNotAbortCleanup())
                .hasMessageContaining("started at #8 but never ended: the program did not exit on its own and was "
                        + "killed (exit code 137 (128 + SIGKILL)), so the task went on after its cancellation")
                .hasMessageNotContaining("cut short by the second SIGINT");
    }

    /** The hook waited, gave up on a task that went on after its interrupt, and returned: the JVM halted. */
    @Test
    void aHookThatGivesUpOnARunningTaskNamesTheTaskThatWentOn() {
        SignalRun run = run(START + """
                        {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                        {"event":"exit_requested","code":130,"by":"jvm","caller":"java.lang.Terminator$1.handle"}
                        {"event":"shutdown_hooks_started","hooks":["batch-shutdown"]}
                        {"event":"run_cancelling","cause":"shutdownNow","thread":"batch-shutdown"}
                        {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled","by":"shutdownNow"}   // #8
                        {"event":"moment","moment":"DURING_CLEANUP","in_cleanup":1,"held":true}
                        {"event":"signal_received","signal":"INT","number":2,"count":2,"action":"repeated"}
                        {"event":"hold_released","moment":"DURING_CLEANUP","reason":"signal"}
                        {"event":"exit_requested","code":130,"by":"jvm","caller":"java.lang.Terminator$1.handle"}
                        {"event":"executor_awaited","executor":"java.util.concurrent.ThreadPoolExecutor#1","terminated":false,"running":1}  // #13
                        {"event":"shutdown_hooks_finished"}                                                     // #14
                        {"event":"task_running_at_halt","task":1,"slot":1,"in_cleanup":true}
                        {"event":"run_finished","signals_received":2}
                        {"event":"exit","code":130,"chosen_by":"jvm"}
                        """)
                .signalsSent(2)
                .moment("DURING_CLEANUP")
                .exitCode(130)
                .build();

        assertThatThrownBy(() -> assertThat(run).repeatedSignalsDidNotAbortCleanup())
                .hasMessageContaining("started at #8 but never ended: the program waited for it and gave up "
                        + "(awaitTermination returned false at #13), so the task went on after its cancellation")
                .hasMessageContaining("the JVM halted when the shutdown hooks returned (#14)")
                .hasMessageNotContaining("cut short by the second SIGINT");
    }

    /** "Press Ctrl+C again to force quit": the second signal halted the JVM in the middle of the cleanup. */
    @Test
    void aProgramThatHaltsOnTheSecondSignalIsBlamedForCuttingTheCleanupShort() {
        SignalRun run = run(START + """
                        {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                        {"event":"run_cancelling","cause":"shutdownNow","thread":"SIGINT handler"}
                        {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled","by":"shutdownNow"}   // #6
                        {"event":"moment","moment":"DURING_CLEANUP","in_cleanup":1,"held":true}
                        {"event":"signal_received","signal":"INT","number":2,"count":2,"action":"repeated"}     // #8
                        {"event":"hold_released","moment":"DURING_CLEANUP","reason":"signal"}
                        {"event":"halt_requested","code":130,"by":"application","caller":"ForceQuit.lambda(ForceQuit.java:9)"}
                        {"event":"task_running_at_halt","task":1,"slot":1,"in_cleanup":true}
                        {"event":"run_finished","signals_received":2}
                        {"event":"exit","code":130,"chosen_by":"application"}
                        """)
                .signalsSent(2)
                .moment("DURING_CLEANUP")
                .exitCode(130)
                .build();

        assertThatThrownBy(() -> assertThat(run).repeatedSignalsDidNotAbortCleanup())
                .hasMessageContaining("cleanup of task 1 was cut short by the second SIGINT (cleanup started at #6, "
                        + "the SIGINT arrived at #8, the program halted on it at #10 "
                        + "(ForceQuit.lambda(ForceQuit.java:9)), and the cleanup never ended)");
    }

    /**
     * Under the agent, a task whose submission was under way when the signal came may start before the program's
     * cancellation reaches its pool: the program could not have known. A start after that cancellation is its fault.
     */
    @Test
    void aStartBeforeTheProgramsCancellationIsNotBlamedButOneAfterItIs() {
        String beforeCancellation = START.replace(
                        "{\"event\":\"task_started\"",
                        "{\"event\":\"signal_received\",\"signal\":\"INT\",\"number\":2,\"count\":1,\"action\":"
                                + "\"cancel\"}\n{\"event\":\"task_started\"")
                + """
                {"event":"run_cancelling","cause":"shutdownNow","thread":"batch-shutdown"}
                """;
        assertThat(run(beforeCancellation).build()).startedNoTaskAfterTheSignal();

        SignalRun after = run(beforeCancellation + """
                        {"event":"task_queued","task":2,"name":"FileJob[input-2]","executor":"java.util.concurrent.ThreadPoolExecutor#1"}
                        {"event":"task_started","task":2,"slot":1,"thread":"pool-1-thread-1","executor":"java.util.concurrent.ThreadPoolExecutor#1"}
                        """).build();
        assertThatThrownBy(() -> assertThat(after).startedNoTaskAfterTheSignal())
                .hasMessageContaining("task 2 (FileJob[input-2] on pool-1-thread-1 of "
                        + "java.util.concurrent.ThreadPoolExecutor#1) started after the signal")
                .hasMessageNotContaining("task 1 (");

        // a worker given the task before shutdownNow runs it after, interrupted: the pool's doing, said as such
        SignalRun givenBefore = run(beforeCancellation + """
                        {"event":"task_queued","task":2,"name":"FileJob[input-2]","executor":"java.util.concurrent.ThreadPoolExecutor#1"}
                        {"event":"task_started","task":2,"slot":1,"thread":"pool-1-thread-2","executor":"java.util.concurrent.ThreadPoolExecutor#1","stopping":true}
                        """).build();
        assertThat(givenBefore).startedNoTaskAfterTheSignal();
    }
}
