package io.signaltest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Tasks from a lazy source: taken only as slots free up, never after a cancellation, and logged only once taken. */
class LazySourceTest {

    @Test
    void aLazySourceIsReadOnlyAsSlotsFreeUpOneTaskAhead() throws Exception {
        Probe probe = new Probe();
        CountingSource source = new CountingSource(1_000, id -> probe.task(id, context -> probe.release.await()));
        Harness harness =
                Harness.startLazy(TaskRunner.builder().maxConcurrent(3).build(), source, "QUEUE_WAITING");
        JsonNode moment = harness.log.awaitEvent("moment");

        assertThat(moment.get("running").asInt()).isEqualTo(3);
        assertThat(moment.get("queued").asInt())
                .as("one task taken ahead of the busy slots")
                .isEqualTo(1);
        assertThat(source.taken.get())
                .as("tasks taken from a source of 1,000 while 3 slots are busy")
                .isEqualTo(4);
        assertThat(harness.log.tasks("task_queued")).containsExactly(1, 2, 3, 4);
        assertThat(harness.log.records("run_started").get(0).get("source").asText())
                .isEqualTo("lazy");
        assertThat(harness.log.records("run_started").get(0).get("tasks").isNull())
                .isTrue();

        harness.run.released();
        probe.release.countDown();
        RunResult result = harness.await();

        assertThat(source.taken.get()).isEqualTo(1_000);
        assertThat(result.count(TaskState.COMPLETED)).isEqualTo(1_000);
        assertThat(result.outcomes())
                .as("a lazy run keeps nothing of a completed task")
                .isEmpty();
        assertThat(result.exitCode()).isZero();
        JsonNode finished = harness.log.records("run_finished").get(0);
        assertThat(finished.get("tasks").asInt()).isEqualTo(1_000);
        assertThat(finished.get("source_exhausted").asBoolean()).isTrue();
    }

    @Test
    void aCancelledLazyRunNeverReadsTheSourceAgainAndLogsOnlyTheTasksItTook() throws Exception {
        Probe probe = new Probe();
        CountingSource source = new CountingSource(1_000_000, id -> probe.task(id, context -> probe.release.await()));
        Harness harness =
                Harness.startLazy(TaskRunner.builder().maxConcurrent(2).build(), source, "QUEUE_WAITING");
        harness.log.awaitEvent("moment");
        int takenAtTheSignal = source.taken.get();
        harness.sigint();
        RunResult result = harness.await();

        assertThat(source.taken.get()).as("tasks taken after the signal").isEqualTo(takenAtTheSignal);
        assertThat(result.count(TaskState.CANCELLED)).isEqualTo(2);
        assertThat(result.count(TaskState.CANCELLED_BEFORE_START))
                .as("only the task taken ahead")
                .isEqualTo(1);
        assertThat(harness.log.tasks("task_cancelled_before_start")).containsExactly(3);
        assertThat(probe.cancelledCallbacks.get(3).get()).isEqualTo(1);
        assertThat(result.outcomes())
                .extracting(TaskOutcome::id, TaskOutcome::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, TaskState.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple(2, TaskState.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple(3, TaskState.CANCELLED_BEFORE_START));
        JsonNode finished = harness.log.records("run_finished").get(0);
        assertThat(finished.get("tasks").asInt()).isEqualTo(3);
        assertThat(finished.get("source_exhausted").asBoolean())
                .as("tasks never taken may exist")
                .isFalse();
        assertThat(result.exitCode()).isEqualTo(130);
    }

    @Test
    void aSourceThatBlocksIsInterruptedByTheSignal() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        Iterator<Task> blocking = new Iterator<>() {
            @Override
            public boolean hasNext() {
                asked.countDown();
                try {
                    never.await(); // a queue that stays empty
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for input", e);
                }
                return true;
            }

            @Override
            public Task next() {
                throw new NoSuchElementException();
            }
        };
        Harness harness =
                Harness.startLazy(TaskRunner.builder().maxConcurrent(2).build(), blocking, null);
        asked.await();
        harness.sigint();
        RunResult result = harness.await();

        assertThat(result.exitCode()).isEqualTo(130);
        assertThat(result.sourceFailure())
                .as("an interrupt by the cancellation is not a failure")
                .isEmpty();
        assertThat(harness.log.events()).doesNotContain("task_queued", "source_failed");
    }

    @Test
    void aSourceThatFailsStopsTheTakingLetsTheStartedTasksFinishAndFailsTheRun() throws Exception {
        Probe probe = new Probe();
        IllegalStateException broken = new IllegalStateException("line 3 is not a record");
        Iterator<Task> source = new CountingSource(10, id -> {
            if (id == 3) {
                throw broken;
            }
            return probe.task(id, context -> {});
        });
        Harness harness =
                Harness.startLazy(TaskRunner.builder().maxConcurrent(1).build(), source, null);
        RunResult result = harness.await();

        assertThat(result.sourceFailure()).containsSame(broken);
        assertThat(result.count(TaskState.COMPLETED)).isEqualTo(2);
        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode failed = harness.log.awaitEvent("source_failed");
        assertThat(failed.get("after_task").asInt()).isEqualTo(2);
        assertThat(failed.get("error").asText()).isEqualTo("java.lang.IllegalStateException: line 3 is not a record");
        assertThat(harness.log.events()).containsSubsequence("source_failed", "run_finished");
    }

    /** A source of {@code size} tasks that counts how many were taken. */
    private static final class CountingSource implements Iterator<Task> {
        final AtomicInteger taken = new AtomicInteger();
        private final int size;
        private final IntFunction<Task> make;

        CountingSource(int size, IntFunction<Task> make) {
            this.size = size;
            this.make = make;
        }

        @Override
        public boolean hasNext() {
            return taken.get() < size;
        }

        @Override
        public Task next() {
            return make.apply(taken.incrementAndGet());
        }
    }
}
