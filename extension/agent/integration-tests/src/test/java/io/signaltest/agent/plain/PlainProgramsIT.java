package io.signaltest.agent.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The standard scenario matrix against programs with no signaltest code, through the agent
 * ({@code signaltest.program.agent=true}): the correct ones pass every scenario; a program the agent cannot follow gets
 * a clear failure, not a wait for the moment deadline.
 */
class PlainProgramsIT {

    @Test
    void aCorrectFixedPoolBatchPassesTheWholeMatrixWithTheAgent() {
        EngineExecutionResults results = Matrix.withTheAgent(FixedPoolBatch.class);

        assertThat(Matrix.failureMessages(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(Matrix.SCENARIOS);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aCorrectVirtualThreadBatchLimitedByASemaphorePassesTheWholeMatrixWithTheAgent() {
        EngineExecutionResults results = Matrix.withTheAgent(VirtualThreadBatch.class);

        assertThat(Matrix.failureMessages(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(Matrix.SCENARIOS);
    }

    @Test
    void withTwoPoolsTheMomentsFollowThePoolTheConfigurationNames() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(TwoPoolsTestCase.class))
                .configurationParameter(SignalTest.AGENT_FOLLOW_PROPERTY, "pool-2")
                .execute();

        assertThat(Matrix.failureMessages(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    }

    @Test
    void aProgramWithNoExecutorFailsWithinTheMomentDeadlineSayingWhatTheAgentKnows() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NoExecutorTestCase.class))
                .execute();

        assertThat(Matrix.failureMessages(results))
                .singleElement()
                .asString()
                .contains(
                        "cannot reach ALL_SLOTS_FULL",
                        "the agent saw no executor or semaphore in 15000 ms",
                        "ThreadPoolExecutor",
                        "use atOutput");
    }

    static class TwoPoolsTestCase {
        /** ALL_SLOTS_FULL: the metrics pool, one task in its one slot, gets there first unless the batch is named. */
        @SignalTest(
                main = TwoPoolsBatch.class,
                agent = true,
                at = Moment.ALL_SLOTS_FULL,
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
        void followsTheBatch(SignalRun run) {
            org.assertj.core.api.Assertions.assertThat(
                            run.log().first("moment").orElseThrow().text("executor"))
                    .contains("java.util.concurrent.ThreadPoolExecutor#2");
            io.signaltest.junit.SignalTestAssertions.assertThat(run).shutDownCleanly();
        }
    }

    static class NoExecutorTestCase {
        /**
         * The harness reports at the log deadline (15 s by default), from the child's start: a loaded machine may take
         * seconds to start it.
         */
        @SignalTest(
                main = NoExecutorProgram.class,
                agent = true,
                at = Moment.ALL_SLOTS_FULL,
                momentTimeoutMillis = 20_000)
        void held(SignalRun run) {
            // never reached: the run cannot reach the moment
        }
    }
}
