package io.signaltest.agent.plain;

import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;

/** A program on the signaltest runtime writes its own log: with the agent on, the runtime's log wins and says so. */
class AgentStandsAsideIT {

    @SignalTest(
            main = RuntimeBatch.class,
            agent = true,
            at = Moment.QUEUE_WAITING,
            args = {
                "--tasks",
                "6",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "50",
                "--work-dir",
                "{runDir}/work"
            })
    void theRuntimesLogWins(SignalRun run) {
        assertThat(run).shutDownCleanly();
        assertThat(run.log().records("agent_stood_aside")).hasSize(1);
        assertThat(run.log().first("run_started").orElseThrow().fields()).doesNotContainKey("writer");
        assertThat(run.log().records("executor_seen")).isEmpty();
    }
}
