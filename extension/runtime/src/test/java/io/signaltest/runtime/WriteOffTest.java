package io.signaltest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The write-off of the tasks that never started, which follows the interrupts of a cancellation instead of preceding
 * them: in chunks, each task once, never before the cancellation, always before the end of the run, and never held back
 * for good by a task that ignores its interrupt.
 */
class WriteOffTest {

    @Test
    void aLongQueueIsWrittenOffInChunksWithExactlyOneRecordAndOneCallbackPerTask() throws Exception {
        int tasks = WriteOff.CHUNK * 3 + 7;
        Probe probe = new Probe();
        List<Task> list = probe.blocking(tasks);
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(2).build(), list, "QUEUE_WAITING");
        harness.log.awaitEvent("moment");
        harness.sigint();
        RunResult result = harness.await();

        List<Integer> written = harness.log.tasks("task_cancelled_before_start");
        List<Integer> expected = new ArrayList<>();
        for (int id = 3; id <= tasks; id++) {
            expected.add(id);
        }
        assertThat(written).containsExactlyElementsOf(expected);
        assertThat(expected)
                .allSatisfy(
                        id -> assertThat(probe.cancelledCallbacks.get(id).get()).isEqualTo(1));
        assertThat(result.count(TaskState.CANCELLED_BEFORE_START)).isEqualTo(tasks - 2);
        assertThat(result.outcomes()).hasSize(tasks);
        assertThat(result.outcomes().get(tasks - 1).state()).isEqualTo(TaskState.CANCELLED_BEFORE_START);
        assertThat(harness.log.tasks("cleanup_finished")).containsExactlyInAnyOrder(1, 2);
        List<String> events = harness.log.events();
        assertThat(events.lastIndexOf("task_cancelled_before_start"))
                .as("every write-off before run_finished")
                .isLessThan(events.indexOf("run_finished"));
        assertThat(events.indexOf("task_cancelled_before_start"))
                .as("no write-off before the cancellation")
                .isGreaterThan(events.indexOf("run_cancelling"));
    }

    @Test
    void aBodyThatIgnoresItsInterruptDoesNotHoldBackTheWriteOff() throws Exception {
        CountDownLatch writtenOff = new CountDownLatch(1);
        List<Task> tasks = new ArrayList<>();
        tasks.add(Task.of("stubborn", context -> {
            // ignores the cancellation until the queue has been written off, then returns
            while (true) {
                try {
                    if (writtenOff.await(30, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException ignored) {
                    // carries on, as a careless task does
                }
            }
        }));
        tasks.addAll(new Probe().blocking(WriteOff.CHUNK + 1));
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(1).build(), tasks, "QUEUE_WAITING");
        harness.log.awaitEvent("moment");
        harness.sigint();
        harness.log.await(
                r -> r.get("event").asText().equals("task_cancelled_before_start")
                        && r.get("task").asInt() == WriteOff.CHUNK + 2,
                "the last task written off");
        writtenOff.countDown();
        RunResult result = harness.await();

        assertThat(result.count(TaskState.CANCELLED_BEFORE_START)).isEqualTo(WriteOff.CHUNK + 1);
        assertThat(result.count(TaskState.CANCELLED)).isEqualTo(1);
    }
}
