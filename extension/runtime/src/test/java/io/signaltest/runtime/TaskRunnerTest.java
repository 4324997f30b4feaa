package io.signaltest.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Scheduling, outcomes, failures, resources and bad input: everything that needs no signal. */
class TaskRunnerTest {

    @Test
    void runsAtMostMaxConcurrentTasksAtOnceAndFillsEverySlot() throws Exception {
        Probe probe = new Probe();
        int max = 3;
        CyclicBarrier allSlotsBusy = new CyclicBarrier(max);
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            // each wave of 3 meets at the barrier: the run would deadlock if fewer than 3 ran at once
            tasks.add(probe.task(i, context -> allSlotsBusy.await(30, TimeUnit.SECONDS)));
        }
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(max).build(), tasks);
        RunResult result = harness.await();

        assertThat(probe.maxRunning.get()).isEqualTo(max);
        assertThat(result.count(TaskState.COMPLETED)).isEqualTo(12);
        assertThat(result.exitCode()).isZero();
        assertThat(harness.log.tasks("task_started")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void reportsEachTaskOutcomeAndAFailureDoesNotCancelTheOthers() throws Exception {
        Probe probe = new Probe();
        IllegalStateException boom = new IllegalStateException("disk full");
        List<Task> tasks = List.of(
                probe.task(1, context -> {}),
                probe.task(2, context -> {
                    throw boom;
                }),
                probe.task(3, context -> {}));
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(1).build(), tasks);
        RunResult result = harness.await();

        assertThat(result.outcomes())
                .extracting(TaskOutcome::state)
                .containsExactly(TaskState.COMPLETED, TaskState.FAILED, TaskState.COMPLETED);
        assertThat(result.outcomes().get(1).failure()).isSameAs(boom);
        assertThat(result.failures()).extracting(TaskOutcome::id).containsExactly(2);
        assertThat(result.cancelled()).isFalse();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(probe.cleanupRuns(2)).isEqualTo(1);
        assertThat(harness.log.records("task_failed").get(0).get("error").asText())
                .isEqualTo("java.lang.IllegalStateException: disk full");
    }

    @Test
    void failFastCancelsTheRestAfterTheFirstFailure() throws Exception {
        Probe probe = new Probe();
        List<Task> tasks = new ArrayList<>();
        tasks.add(probe.task(1, context -> {
            throw new IllegalStateException("bad input");
        }));
        tasks.addAll(probe.blocking(4).subList(1, 4));
        Harness harness = Harness.start(
                TaskRunner.builder().maxConcurrent(1).failFast(true).build(), tasks);
        RunResult result = harness.await();

        assertThat(result.cancelCause()).contains("fail-fast");
        assertThat(result.outcomes())
                .extracting(TaskOutcome::state)
                .containsExactly(
                        TaskState.FAILED,
                        TaskState.CANCELLED_BEFORE_START,
                        TaskState.CANCELLED_BEFORE_START,
                        TaskState.CANCELLED_BEFORE_START);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(harness.log.tasks("task_started")).containsExactly(1);
    }

    @Test
    void cleanupRunsExactlyOnceForEveryStartedTaskHoweverItsBodyEnded() throws Exception {
        Probe probe = new Probe();
        List<Task> tasks = List.of(
                probe.task(1, context -> {}),
                probe.task(2, context -> {
                    throw new IOException("network down");
                }),
                probe.task(3, context -> {
                    throw new Error("assertion in task");
                }));
        RunResult result = Harness.start(TaskRunner.builder().maxConcurrent(2).build(), tasks)
                .await();

        assertThat(List.of(probe.cleanupRuns(1), probe.cleanupRuns(2), probe.cleanupRuns(3)))
                .containsOnly(1);
        assertThat(result.outcomes())
                .extracting(TaskOutcome::state)
                .containsExactly(TaskState.COMPLETED, TaskState.FAILED, TaskState.FAILED);
    }

    @Test
    void everyTaskHasExactlyOneTerminalRecordAfterItsCleanup() throws Exception {
        Probe probe = new Probe();
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(2).build(), probe.instant(5));
        harness.await();

        List<String> terminal =
                List.of("task_completed", "task_failed", "task_cancelled", "task_cancelled_before_start");
        for (int id = 1; id <= 5; id++) {
            List<String> events = new ArrayList<>();
            for (var r : harness.log.records()) {
                if (r.has("task") && r.get("task").asInt() == id) {
                    events.add(r.get("event").asText());
                }
            }
            assertThat(events)
                    .as("records of task %d", id)
                    .containsExactly(
                            "task_queued", "task_started", "cleanup_started", "cleanup_finished", "task_completed");
            assertThat(events.stream().filter(terminal::contains)).hasSize(1);
        }
    }

    @Test
    void registeredResourcesAreClosedInReverseOrderAfterCleanupAndLogged() throws Exception {
        List<String> closed = new ArrayList<>();
        Task task = Task.of(
                "copy",
                context -> {
                    context.register("input", (Closeable) () -> closed.add("input"));
                    context.register("output", (Closeable) () -> closed.add("output"));
                },
                context -> closed.add("cleanup"));
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(1).build(), List.of(task));
        harness.await();

        assertThat(closed).containsExactly("cleanup", "output", "input");
        assertThat(harness.log.events())
                .containsSubsequence(
                        "resource_opened",
                        "resource_opened",
                        "cleanup_started",
                        "resource_closed",
                        "resource_closed",
                        "cleanup_finished");
    }

    @Test
    void aResourceThatFailsToCloseIsACleanupFailure() throws Exception {
        Task task = Task.of(
                "leaky",
                context -> context.register("socket", (Closeable) () -> {
                    throw new IOException("already reset");
                }));
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(1).build(), List.of(task));
        RunResult result = harness.await();

        assertThat(result.failures()).hasSize(1);
        assertThat(result.outcomes().get(0).cleanupFailure()).hasMessage("already reset");
        assertThat(harness.log.events()).contains("resource_close_failed", "cleanup_failed");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void aFailingCleanupIsReportedNotSwallowed() throws Exception {
        Task task = Task.of("t", context -> {}, context -> {
            throw new IOException("cannot delete temp file");
        });
        RunResult result = Harness.start(TaskRunner.builder().maxConcurrent(1).build(), List.of(task))
                .await();

        assertThat(result.outcomes().get(0).state()).isEqualTo(TaskState.COMPLETED);
        assertThat(result.outcomes().get(0).cleanupFailure()).hasMessage("cannot delete temp file");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void anEmptyListReturnsAtOnceWithAnEmptyResult() {
        RunResult result = TaskRunner.builder().maxConcurrent(4).build().run(List.of());

        assertThat(result.outcomes()).isEmpty();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void queuedTasksAreObjectsNotThreads() throws Exception {
        Probe probe = new Probe();
        int threadsBefore = Thread.activeCount();
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(4).build(), probe.blocking(100_000), "QUEUE_WAITING");
        harness.log.awaitEvent("moment");

        // 100,000 queued tasks: the run adds its 4 slot threads (and the test's run thread), nothing per task
        assertThat(Thread.activeCount() - threadsBefore).isLessThanOrEqualTo(4 + 1);
        harness.sigint();
        RunResult result = harness.await();
        assertThat(result.count(TaskState.CANCELLED_BEFORE_START)).isEqualTo(100_000 - 4);
    }

    @Test
    void rejectsBadInputWithMessagesThatNameTheArgument() {
        TaskRunner runner = TaskRunner.builder().maxConcurrent(1).build();
        assertThatThrownBy(() -> TaskRunner.builder().maxConcurrent(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrent must be at least 1, got 0");
        assertThatThrownBy(() -> TaskRunner.builder().maxConcurrent(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrent");
        assertThatThrownBy(() -> TaskRunner.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxConcurrent was not set");
        assertThatThrownBy(() -> runner.run((List<Task>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tasks must not be null");
        assertThatThrownBy(() -> runner.run((java.util.Iterator<Task>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tasks must not be null");
        assertThatThrownBy(() -> runner.run((java.util.stream.Stream<Task>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tasks must not be null");
        assertThatThrownBy(() -> runner.run(Arrays.asList(Task.of("a", c -> {}), null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tasks[1] must not be null");
        assertThatThrownBy(() -> Task.of("a", c -> {}, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageStartingWith("cleanup must not be null");
        assertThatThrownBy(() -> Task.of("a", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body must not be null");
        assertThatThrownBy(() -> Task.of(null, c -> {}))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name must not be null");
        assertThatThrownBy(() -> TaskRunner.builder().cleanupDeadline(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cleanupDeadline");
        assertThatThrownBy(() -> RepeatPolicy.escalateAfter(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> TaskRunner.builder().signals())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one signal");
    }

    @Test
    void aTaskEventIsLoggedWithItsTask() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Task task = Task.of("t", context -> {
            context.event("published", "out/1.txt \"final\"");
            done.countDown();
        });
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(1).build(), List.of(task));
        harness.await();

        var event = harness.log.records("task_event").get(0);
        assertThat(event.get("task").asInt()).isEqualTo(1);
        assertThat(event.get("name").asText()).isEqualTo("published");
        assertThat(event.get("detail").asText()).isEqualTo("out/1.txt \"final\"");
    }
}
