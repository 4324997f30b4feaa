package io.signaltest.sample.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;
import io.signaltest.sample.ScenarioMatrix;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The standard scenario matrix against programs with no signaltest code, through the agent
 * ({@code signaltest.program.agent=true}): the correct ones pass every scenario; a program the
 * agent cannot follow gets a clear failure, not a wait for the moment deadline.
 */
class PlainProgramsIT {

    @Test
    void aCorrectFixedPoolBatchPassesTheWholeMatrixWithTheAgent() {
        EngineExecutionResults results = withTheAgent(FixedPoolBatch.class);

        assertThat(ScenarioMatrix.failureMessages(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(8);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aCorrectVirtualThreadBatchLimitedByASemaphorePassesTheWholeMatrixWithTheAgent() {
        EngineExecutionResults results = withTheAgent(VirtualThreadBatch.class);

        assertThat(ScenarioMatrix.failureMessages(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(8);
    }

    @Test
    void aProgramWithNoExecutorFailsWithinTheMomentDeadlineSayingWhatTheAgentKnows() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NoExecutorTestCase.class)).execute();

        assertThat(ScenarioMatrix.failureMessages(results)).singleElement().asString()
                .contains("cannot reach ALL_SLOTS_FULL", "the agent saw no executor or semaphore in 10000 ms",
                        "ThreadPoolExecutor", "use atOutput");
    }

    static EngineExecutionResults withTheAgent(Class<?> program) {
        return ScenarioMatrix.run(Map.of(SignalTest.PROGRAM_MAIN_PROPERTY, program.getName(),
                SignalTest.PROGRAM_AGENT_PROPERTY, "true"));
    }

    static class NoExecutorTestCase {
        /** The agent reports at half the deadline, counted from its own start: a loaded machine may take seconds to get there. */
        @SignalTest(main = NoExecutorProgram.class, agent = true, at = Moment.ALL_SLOTS_FULL, momentTimeoutMillis = 20_000)
        void held(SignalRun run) {
            // never reached: the run cannot reach the moment
        }
    }
}
