package io.signaltest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What the first and the repeated signals do, checked in-process: the test calls the runtime's signal handler as the
 * JVM's signal dispatcher would. The same behaviour under real signals sent to a child JVM is covered by
 * {@link RealSignalIT}.
 */
class CancellationTest {

    private static final long LONG = 30;

    @Test
    void theFirstSignalInterruptsRunningTasksRunsTheirCleanupAndStartsNothingMore() throws Exception {
        Probe probe = new Probe();
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(2).build(), probe.blocking(6), "QUEUE_WAITING");
        harness.log.awaitEvent("moment");
        harness.sigint();
        RunResult result = harness.await();

        assertThat(result.outcomes())
                .extracting(TaskOutcome::state)
                .containsExactly(
                        TaskState.CANCELLED, TaskState.CANCELLED,
                        TaskState.CANCELLED_BEFORE_START, TaskState.CANCELLED_BEFORE_START,
                        TaskState.CANCELLED_BEFORE_START, TaskState.CANCELLED_BEFORE_START);
        assertThat(List.of(probe.cleanupRuns(1), probe.cleanupRuns(2))).containsOnly(1);
        assertThat(List.of(3, 4, 5, 6)).allSatisfy(id -> {
            assertThat(probe.bodyRuns(id)).isZero();
            assertThat(probe.cleanupRuns(id)).isZero();
            assertThat(probe.cancelledCallbacks.get(id).get()).isEqualTo(1);
        });
        assertThat(harness.log.tasks("task_cancelled_before_start")).containsExactly(3, 4, 5, 6);
        assertThat(harness.log.records("task_cancelled"))
                .allSatisfy(r -> assertThat(r.get("was").asText()).isEqualTo("running"));
        assertThat(result.signal()).contains("INT");
        assertThat(result.exitCode()).isEqualTo(130);
        assertThat(result.failures()).as("cancellation is not a failure").isEmpty();
        assertThat(harness.log.records("run_finished").get(0).get("exit_code").asInt())
                .isEqualTo(130);
    }

    @Test
    void noTaskStartsAfterTheSignalEvenWhenCancelledTasksFreeTheirSlotsAtOnce() throws Exception {
        Probe probe = new Probe();
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            // swallows the interrupt and returns: its slot frees immediately
            tasks.add(probe.task(i, context -> {
                try {
                    probe.release.await();
                } catch (InterruptedException swallowed) {
                    // returns normally
                }
            }));
        }
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(3).build(), tasks, "QUEUE_WAITING");
        harness.log.awaitEvent("moment");
        harness.sigint();
        RunResult result = harness.await();

        assertThat(harness.log.tasks("task_started")).containsExactly(1, 2, 3);
        long signalSeq =
                harness.log.records("signal_received").get(0).get("seq").asLong();
        assertThat(harness.log.records("task_started"))
                .allSatisfy(r -> assertThat(r.get("seq").asLong()).isLessThan(signalSeq));
        assertThat(result.count(TaskState.CANCELLED))
                .as("a task that returns after the cancel is still cancelled")
                .isEqualTo(3);
        assertThat(result.count(TaskState.CANCELLED_BEFORE_START)).isEqualTo(5);
    }

    @Test
    void aSignalBeforeAnyTaskStartsCancelsEverythingAndNothingStarts() throws Exception {
        Probe probe = new Probe();
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(2).build(), probe.blocking(4), "BEFORE_START");
        harness.log.awaitEvent("moment");
        harness.sigint();
        RunResult result = harness.await();

        assertThat(harness.log.events()).doesNotContain("task_started", "cleanup_started");
        assertThat(result.count(TaskState.CANCELLED_BEFORE_START)).isEqualTo(4);
        assertThat(probe.bodies).isEmpty();
        assertThat(result.exitCode()).isEqualTo(130);
    }

    @Test
    void theExitCodeIs128PlusTheSignalNumber() throws Exception {
        for (String[] signal : new String[][] {{"TERM", "15", "143"}, {"HUP", "1", "129"}, {"INT", "2", "130"}}) {
            Harness harness = Harness.start(
                    TaskRunner.builder().maxConcurrent(1).build(), new Probe().blocking(2), "QUEUE_WAITING");
            harness.log.awaitEvent("moment");
            harness.signal(signal[0], Integer.parseInt(signal[1]));
            RunResult result = harness.await();
            assertThat(result.exitCode()).as("SIG%s", signal[0]).isEqualTo(Integer.parseInt(signal[2]));
            assertThat(result.signal()).contains(signal[0]);
        }
    }

    /**
     * The signal's thread interrupts the running tasks after it has released the run's lock. Here interrupting the
     * first task takes long (closing its channel, which {@code Thread.interrupt()} does on the interrupting thread,
     * waits), and meanwhile the second task's body ends on its own: its cleanup must start without waiting for the
     * signal's thread, and the interrupt that comes late must not reach it.
     */
    @Test
    void aTaskWhoseBodyEndsWhileTheSignalsThreadStillInterruptsStartsItsCleanupUninterrupted() throws Exception {
        CountDownLatch firstBlocked = new CountDownLatch(1);
        CountDownLatch secondWaiting = new CountDownLatch(1);
        CountDownLatch secondMayEnd = new CountDownLatch(1);
        CountDownLatch secondInCleanup = new CountDownLatch(1);
        CountDownLatch signalHandled = new CountDownLatch(1);
        AtomicBoolean interruptedInCleanup = new AtomicBoolean();
        SlowToInterrupt channel = new SlowToInterrupt(secondInCleanup);
        // a list's tasks start in order: the first one is interrupted first
        List<Task> tasks = List.of(
                Task.of("first", context -> channel.blockUntil(firstBlocked, signalHandled), context -> {}),
                Task.of(
                        "second",
                        context -> {
                            context.closeOnCancel(secondMayEnd::countDown); // closed by the cancellation itself
                            secondWaiting.countDown();
                            secondMayEnd.await();
                        },
                        context -> {
                            secondInCleanup.countDown();
                            try {
                                if (!signalHandled.await(LONG, TimeUnit.SECONDS)) {
                                    throw new AssertionError("the signal was never handled");
                                }
                            } catch (InterruptedException lateInterrupt) {
                                interruptedInCleanup.set(true);
                            }
                        }));
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(2).build(), tasks);
        firstBlocked.await();
        secondWaiting.await();
        harness.sigint();
        signalHandled.countDown();
        RunResult result = harness.await();

        assertThat(channel.waitedInVain)
                .as("the signal's thread waited in vain for the second task's cleanup")
                .isFalse();
        assertThat(interruptedInCleanup)
                .as("the second task's cleanup was interrupted")
                .isFalse();
        assertThat(harness.log.records("task_cancelled"))
                .extracting(r -> r.get("task").asInt() + ":" + r.get("ended_by").asText())
                .contains("2:return");
        assertThat(result.exitCode()).isEqualTo(130);
    }

    /** A channel whose closing, which {@code Thread.interrupt()} runs on the interrupting thread, waits for a latch. */
    private static final class SlowToInterrupt extends AbstractInterruptibleChannel {
        private final CountDownLatch closeMayEnd;
        final AtomicBoolean waitedInVain = new AtomicBoolean();

        SlowToInterrupt(CountDownLatch closeMayEnd) {
            this.closeMayEnd = closeMayEnd;
        }

        /**
         * Blocks in an interruptible operation on this channel; once interrupted, waits for {@code end} all the same.
         */
        void blockUntil(CountDownLatch blocked, CountDownLatch end) throws IOException {
            begin();
            try {
                blocked.countDown();
                while (true) {
                    try {
                        end.await();
                        return;
                    } catch (InterruptedException cancelled) {
                        // the cancellation: end when the test says so, not before
                    }
                }
            } finally {
                end(false);
            }
        }

        @Override
        protected void implCloseChannel() {
            try {
                waitedInVain.set(!closeMayEnd.await(LONG, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted while closing", e);
            }
        }
    }

    @Test
    void cleanupIsShieldedRepeatedSignalsAreCountedLoggedAndIgnored() throws Exception {
        CountDownLatch cleanupMayFinish = new CountDownLatch(1);
        AtomicBoolean interruptedInCleanup = new AtomicBoolean();
        Probe probe = new Probe();
        List<Task> tasks = List.of(probe.task(1, context -> probe.release.await(), context -> {
            interruptedInCleanup.set(Thread.currentThread().isInterrupted());
            // a blocking call in cleanup: it would throw if a signal or the cancellation interrupted it
            if (!cleanupMayFinish.await(LONG, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never let the cleanup finish");
            }
        }));
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(1).build(), tasks, "ALL_SLOTS_FULL,DURING_CLEANUP");
        harness.log.awaitEvent("moment");
        harness.sigint();
        harness.log.await(
                r -> r.get("event").asText().equals("moment")
                        && r.get("moment").asText().equals("DURING_CLEANUP"),
                "DURING_CLEANUP moment");
        harness.sigint();
        harness.sigint();
        harness.log.await(
                r -> r.get("event").asText().equals("signal_received")
                        && r.get("count").asInt() == 3,
                "third signal");
        cleanupMayFinish.countDown();
        RunResult result = harness.await();

        assertThat(interruptedInCleanup).as("interrupt status inside cleanup").isFalse();
        assertThat(harness.log.records("signal_received"))
                .extracting(r -> r.get("count").asInt() + ":" + r.get("action").asText())
                .containsExactly("1:cancel", "2:ignored-during-cleanup", "3:ignored-during-cleanup");
        assertThat(harness.log.tasks("cleanup_finished")).containsExactly(1);
        assertThat(harness.log.events()).doesNotContain("cleanup_failed", "cleanup_abandoned", "escalated");
        assertThat(result.signalCount()).isEqualTo(3);
        assertThat(result.exitCode()).isEqualTo(130);
    }

    @Test
    void aCleanupThatOverrunsItsDeadlineIsLoggedWithItsTaskAndStillAwaited() throws Exception {
        CountDownLatch cleanupMayFinish = new CountDownLatch(1);
        List<Task> tasks = List.of(
                Task.of("slow-cleanup", context -> {}, context -> cleanupMayFinish.await(LONG, TimeUnit.SECONDS)));
        Harness harness = Harness.start(
                TaskRunner.builder()
                        .maxConcurrent(1)
                        .cleanupDeadline(Duration.ofMillis(20))
                        .build(),
                tasks);
        JsonNode overrun = harness.log.awaitEvent("cleanup_overrun");
        assertThat(harness.isDone())
                .as("the runtime waits for an overrunning cleanup by default")
                .isFalse();
        cleanupMayFinish.countDown();
        RunResult result = harness.await();

        assertThat(overrun.get("task").asInt()).isEqualTo(1);
        assertThat(overrun.get("deadline_ms").asInt()).isEqualTo(20);
        assertThat(result.outcomes().get(0).cleanupOverran()).isTrue();
        assertThat(harness.log.records("cleanup_finished").get(0).get("overran").asBoolean())
                .isTrue();
    }

    @Test
    void theIgnoredSignalListenerHearsEachIgnoredRepeatWithTheUnfinishedCleanupsAndMayThrow() throws Exception {
        CountDownLatch cleanupMayFinish = new CountDownLatch(1);
        Probe probe = new Probe();
        List<Task> tasks = List.of(
                probe.task(
                        1, context -> probe.release.await(), context -> cleanupMayFinish.await(LONG, TimeUnit.SECONDS)),
                probe.task(
                        2,
                        context -> probe.release.await(),
                        context -> cleanupMayFinish.await(LONG, TimeUnit.SECONDS)));
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        TaskRunner runner = TaskRunner.builder()
                .maxConcurrent(2)
                .repeatPolicy(RepeatPolicy.escalateAfter(2))
                .onIgnoredSignal((signal, cleaningUp) -> {
                    heard.add(signal + " " + cleaningUp);
                    throw new IllegalStateException("a listener with a bug");
                })
                .build();
        Harness harness = Harness.start(runner, tasks, "ALL_SLOTS_FULL,DURING_CLEANUP");
        harness.log.awaitEvent("moment");
        harness.sigint(); // cancels: not ignored
        harness.log.await(
                r -> r.get("event").asText().equals("moment")
                        && r.get("moment").asText().equals("DURING_CLEANUP"),
                "DURING_CLEANUP moment");
        harness.sigint(); // ignored: one task holds in its cleanup, the other waits to start it
        harness.sigint(); // escalates: not ignored
        harness.await();
        cleanupMayFinish.countDown();

        assertThat(heard).containsExactly("INT 2");
        assertThat(harness.log.records("listener_failed")).singleElement().satisfies(r -> {
            assertThat(r.get("listener").asText()).isEqualTo("ignored-signal");
            assertThat(r.get("error").asText()).contains("a listener with a bug");
        });
    }

    @Test
    void anEscalatingPolicyAbandonsCleanupsAfterNRepeatedSignalsAndLogsThem() throws Exception {
        CountDownLatch cleanupMayFinish = new CountDownLatch(1);
        Probe probe = new Probe();
        List<Task> tasks = List.of(
                probe.task(
                        1, context -> probe.release.await(), context -> cleanupMayFinish.await(LONG, TimeUnit.SECONDS)),
                probe.task(
                        2,
                        context -> probe.release.await(),
                        context -> cleanupMayFinish.await(LONG, TimeUnit.SECONDS)));
        TaskRunner runner = TaskRunner.builder()
                .maxConcurrent(2)
                .repeatPolicy(RepeatPolicy.escalateAfter(2))
                .build();
        Harness harness = Harness.start(runner, tasks, "ALL_SLOTS_FULL,DURING_CLEANUP");
        harness.log.awaitEvent("moment");
        harness.sigint();
        harness.log.await(
                r -> r.get("event").asText().equals("moment")
                        && r.get("moment").asText().equals("DURING_CLEANUP"),
                "DURING_CLEANUP moment");
        harness.sigint();
        harness.sigint();
        RunResult result = harness.await();
        cleanupMayFinish.countDown();

        assertThat(harness.log.records("signal_received"))
                .extracting(r -> r.get("action").asText())
                .containsExactly("cancel", "ignored-during-cleanup", "escalate");
        assertThat(harness.log.tasks("cleanup_abandoned")).containsExactlyInAnyOrder(1, 2);
        assertThat(result.abandoned()).extracting(TaskOutcome::id).containsExactlyInAnyOrder(1, 2);
        assertThat(harness.log.records("run_finished").get(0).get("abandoned")).hasSize(2);
        assertThat(result.exitCode()).isEqualTo(130);
    }

    @Test
    void anEscalatingPolicyCanGiveUpAtTheCleanupDeadline() throws Exception {
        CountDownLatch cleanupMayFinish = new CountDownLatch(1);
        List<Task> tasks =
                List.of(Task.of("stuck", context -> {}, context -> cleanupMayFinish.await(LONG, TimeUnit.SECONDS)));
        TaskRunner runner = TaskRunner.builder()
                .maxConcurrent(1)
                .cleanupDeadline(Duration.ofMillis(20))
                .repeatPolicy(RepeatPolicy.escalateAtDeadline())
                .build();
        Harness harness = Harness.start(runner, tasks);
        RunResult result = harness.await();
        cleanupMayFinish.countDown();

        assertThat(harness.log.events())
                .containsSubsequence("cleanup_overrun", "escalated", "cleanup_abandoned", "run_finished");
        assertThat(result.abandoned()).extracting(TaskOutcome::name).containsExactly("stuck");
    }

    @Test
    void whenTheHarnessGoesAwayTheRunIsCancelledWithItsOwnExitCode() throws Exception {
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(1).build(), new Probe().blocking(3), "QUEUE_WAITING");
        harness.log.awaitEvent("moment");
        harness.run.harnessGone();
        RunResult result = harness.await();

        assertThat(result.cancelCause()).contains("harness-gone");
        assertThat(result.exitCode()).isEqualTo(RunResult.HARNESS_GONE_EXIT_CODE);
        assertThat(harness.log.events()).containsSubsequence("harness_gone", "run_cancelling", "run_finished");
    }
}
