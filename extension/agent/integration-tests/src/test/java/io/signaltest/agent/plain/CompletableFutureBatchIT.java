package io.signaltest.agent.plain;

import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code CompletableFuture.supplyAsync(task, pool)} on a {@code ThreadPoolExecutor}: the agent follows it like any
 * pool. On {@code ForkJoinPool.commonPool()} it does not, and the test says so.
 */
class CompletableFutureBatchIT {

    // tag::supply-async-test[]
    @SignalTest(
            main = CompletableFutureBatch.class,
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
                "20",
                "--work-dir",
                "{runDir}/work"
            })
    void suppliersOnAPoolAreFollowedLikeItsTasks(SignalRun run) {
        assertThat(run)
                .exitedWithSignalCode()
                .signalLandedAt(Moment.QUEUE_WAITING)
                .startedNoTaskAfterTheSignal()
                .cleanedUpEveryStartedTaskOnce()
                .finishedEveryCleanup()
                .cancelledEveryQueuedTaskBeforeStart()
                .leftNoFilesIn(run.directory().resolve("work"));
    }
    // end::supply-async-test[]

    @SignalTest(
            main = CompletableFutureBatch.class,
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
    void aSecondSignalDuringTheSuppliersCleanupsCutsNothingShort(SignalRun run) {
        assertThat(run)
                .exitedWithSignalCode()
                .receivedSignals(2)
                .repeatedSignalsDidNotAbortCleanup()
                .finishedEveryCleanup();
    }

    @Test
    void onTheCommonPoolTheTestSaysTheAgentSawNoExecutor() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(CommonPoolTestCase.class))
                .execute();

        org.assertj.core.api.Assertions.assertThat(Matrix.failureMessages(results))
                .singleElement()
                .asString()
                .contains(
                        "cannot reach ALL_SLOTS_FULL",
                        "the agent saw no executor or semaphore in 15000 ms",
                        "It saw the program run tasks on java.util.concurrent.",
                        "ThreadPoolExecutor",
                        "use atOutput");
    }

    static class CommonPoolTestCase {
        @SignalTest(
                main = CommonPoolBatch.class,
                agent = true,
                at = Moment.ALL_SLOTS_FULL,
                momentTimeoutMillis = 20_000,
                args = {"--tasks", "2", "--task-millis", "600000", "--work-dir", "{runDir}/work"})
        void held(SignalRun run) {
            // never reached: the agent does not follow ForkJoinPool.commonPool()
        }
    }
}
