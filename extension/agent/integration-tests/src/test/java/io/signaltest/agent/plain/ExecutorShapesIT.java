package io.signaltest.agent.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The shapes in which programs run their tasks, each through the whole standard matrix under the agent: a correct
 * program passes every scenario, one with a realistic mistake fails naming it; and a shape out of the agent's reach is
 * said to be so, naming the executor, within the log deadline.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "needs POSIX signals and kill(1)")
class ExecutorShapesIT {

    @Test
    void aPoolSubclassWhoseHooksDoNotCallSuperPassesTheMatrix() {
        assertPasses(MetricsPoolBatch.class);
    }

    @Test
    void delayedAndPeriodicJobsOnAScheduledPoolPassTheMatrix() {
        assertPasses(ScheduledBatch.class);
    }

    @Test
    void aScheduledPoolShutDownWithoutInterruptFailsTheMatrix() {
        assertFails(ScheduledBatch.ShutdownWithoutInterrupt.class, "did not exit", "awaitTermination");
    }

    @Test
    void springsThreadPoolTaskExecutorThatWaitsPassesTheMatrix() {
        assertPasses(SpringExecutorBatch.class);
    }

    @Test
    void springsThreadPoolTaskExecutorWithItsDefaultAwaitTerminationFailsTheMatrix() {
        assertFails(
                SpringExecutorBatch.DefaultAwaitTermination.class,
                "shutdown hooks returned at #",
                "without waiting for it",
                "of org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor$1#1)");
    }

    @Test
    void aParallelStreamIsOutOfReachAndTheFailureNamesItsPool() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ParallelStreamTestCase.class))
                .configurationParameter(SignalTest.LOG_TIMEOUT_PROPERTY, "5000")
                .execute();

        assertThat(Matrix.failureMessages(results))
                .singleElement()
                .asString()
                .contains(
                        "the agent saw no executor or semaphore in 5000 ms",
                        "It saw the program run tasks on java.util.concurrent.ForkJoinPool",
                        "Run those tasks on a ThreadPoolExecutor");
    }

    private static void assertPasses(Class<?> program) {
        EngineExecutionResults results = Matrix.withTheAgent(program);

        assertThat(Matrix.failureMessages(results))
                .as("failures of %s", program.getName())
                .isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(Matrix.SCENARIOS);
    }

    private static void assertFails(Class<?> program, String... symptoms) {
        List<String> failures = Matrix.failureMessages(Matrix.withTheAgent(program));

        assertThat(failures).as("failed scenarios of %s", program.getName()).isNotEmpty();
        assertThat(String.join("\n", failures)).contains(symptoms);
    }

    static class ParallelStreamTestCase {
        @SignalTest(
                main = ParallelStreamBatch.class,
                agent = true,
                at = Moment.ALL_SLOTS_FULL,
                momentTimeoutMillis = 20_000,
                args = {"--tasks", "4", "--task-millis", "600000", "--work-dir", "{runDir}/work"})
        void held(SignalRun run) {
            // never reached: the agent does not follow a ForkJoinPool
        }
    }
}
