package io.signaltest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each moment, when armed, is reached in exactly its named state and the state holds still: no task starts and no body
 * end or cleanup end is booked until a signal or a release. Once the moment is logged the test lets every running body
 * return, so without the hold the run would race past the moment.
 */
class HoldTest {

    @Test
    void beforeStartHoldsWithEveryTaskQueuedAndNoneStarted() throws Exception {
        Probe probe = new Probe();
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(2).build(), probe.instant(3), "BEFORE_START");
        JsonNode moment = harness.log.awaitEvent("moment");

        assertState(moment, "BEFORE_START", 0, 0, 3);
        awaitEveryRunThreadParked();
        assertNothingLoggedAfter(harness, moment);
        assertThat(probe.bodies).isEmpty();

        harness.run.released();
        assertThat(harness.await().count(TaskState.COMPLETED)).isEqualTo(3);
    }

    @Test
    void belowLimitHoldsWithTasksRunningFreeSlotsAndAnEmptyQueue() throws Exception {
        Probe probe = new Probe();
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(4).build(), probe.blocking(2), "BELOW_LIMIT");
        JsonNode moment = harness.log.awaitEvent("moment");
        probe.release.countDown();

        assertState(moment, "BELOW_LIMIT", 2, 2, 0);
        awaitEveryRunThreadParked();
        assertNothingLoggedAfter(harness, moment);

        harness.run.released();
        assertThat(harness.await().count(TaskState.COMPLETED)).isEqualTo(2);
    }

    @Test
    void allSlotsFullHoldsWithExactlyMaxRunningAndNothingQueued() throws Exception {
        Probe probe = new Probe();
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(3).build(), probe.blocking(3), "ALL_SLOTS_FULL");
        JsonNode moment = harness.log.awaitEvent("moment");
        probe.release.countDown();

        assertState(moment, "ALL_SLOTS_FULL", 3, 3, 0);
        awaitEveryRunThreadParked();
        assertNothingLoggedAfter(harness, moment);

        harness.run.released();
        assertThat(harness.await().count(TaskState.COMPLETED)).isEqualTo(3);
    }

    @Test
    void queueWaitingHoldsWithAllSlotsFullAndTasksWaiting() throws Exception {
        Probe probe = new Probe();
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(2).build(), probe.blocking(5), "QUEUE_WAITING");
        JsonNode moment = harness.log.awaitEvent("moment");
        probe.release.countDown();

        assertState(moment, "QUEUE_WAITING", 2, 2, 3);
        awaitEveryRunThreadParked();
        assertNothingLoggedAfter(harness, moment);

        harness.sigint();
        RunResult result = harness.await();
        assertThat(result.count(TaskState.CANCELLED_BEFORE_START)).isEqualTo(3);
        assertThat(result.count(TaskState.CANCELLED))
                .as("bodies that returned during the hold were cancelled")
                .isEqualTo(2);
        assertThat(harness.log
                        .events()
                        .subList(
                                harness.log.events().indexOf("moment") + 1,
                                harness.log.events().size()))
                .as("the signal's receipt is the first thing logged after the moment")
                .startsWith("signal_received", "hold_released");
    }

    @Test
    void duringCleanupHoldsAFirstSignalsCleanupUntilTheNextSignal() throws Exception {
        Probe probe = new Probe();
        Harness harness = Harness.start(
                TaskRunner.builder().maxConcurrent(2).build(), probe.blocking(2), "ALL_SLOTS_FULL,DURING_CLEANUP");
        harness.log.awaitEvent("moment");
        harness.sigint();
        JsonNode moment = harness.log.await(
                r -> r.get("event").asText().equals("moment")
                        && r.get("moment").asText().equals("DURING_CLEANUP"),
                "DURING_CLEANUP moment");
        probe.release.countDown();

        assertThat(moment.get("in_cleanup").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(moment.get("signals_received").asInt()).isEqualTo(1);
        awaitEveryRunThreadParked();
        assertNothingLoggedAfter(harness, moment);
        assertThat(probe.cleanups.values().stream().mapToInt(n -> n.get()).sum())
                .as("the held cleanup has not run its code yet")
                .isZero();

        harness.sigint();
        RunResult result = harness.await();
        assertThat(result.count(TaskState.CANCELLED)).isEqualTo(2);
        assertThat(harness.log.records("signal_received").get(1).get("action").asText())
                .isEqualTo("ignored-during-cleanup");
    }

    @Test
    void anUnreachableMomentIsLoggedAsMissed() throws Exception {
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(4).build(), new Probe().instant(2), "QUEUE_WAITING");
        harness.await();

        JsonNode missed = harness.log.records("moment_missed").get(0);
        assertThat(missed.get("moment").asText()).isEqualTo("QUEUE_WAITING");
        assertThat(missed.get("detail").asText()).contains("2 tasks never fill 4 slots");
        assertThat(harness.log.events())
                .as("said at once, before any task starts")
                .containsSubsequence("run_started", "moment_missed", "task_started");
    }

    @Test
    void aMomentThatTheRunPassesByIsLoggedAsMissedAtTheEnd() throws Exception {
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(2).build(), new Probe().instant(2), "DURING_CLEANUP");
        harness.await();

        assertThat(harness.log.events()).containsSubsequence("task_completed", "moment_missed", "run_finished");
        assertThat(harness.log.records("moment_missed").get(0).get("detail").asText())
                .contains("no cleanup ran after the first signal");
    }

    @Test
    void anUnknownMomentNameIsLoggedNotIgnored() throws Exception {
        Harness harness =
                Harness.start(TaskRunner.builder().maxConcurrent(1).build(), new Probe().instant(1), "QUEUE_FULL");
        harness.await();

        assertThat(harness.log.records("hold_unknown").get(0).get("moment").asText())
                .isEqualTo("QUEUE_FULL");
    }

    @Test
    void withoutAnArmedMomentNothingHoldsAndNoMomentIsLogged() throws Exception {
        Harness harness = Harness.start(TaskRunner.builder().maxConcurrent(2).build(), new Probe().instant(5));
        harness.await();

        assertThat(harness.log.events()).doesNotContain("moment", "hold_released", "moment_missed");
    }

    private static void assertState(JsonNode moment, String name, int running, int occupied, int queued) {
        assertThat(moment.get("moment").asText()).isEqualTo(name);
        assertThat(moment.get("running").asInt()).as("running").isEqualTo(running);
        assertThat(moment.get("occupied_slots").asInt()).as("occupied slots").isEqualTo(occupied);
        assertThat(moment.get("queued").asInt()).as("queued").isEqualTo(queued);
        assertThat(moment.get("held").asBoolean()).isTrue();
    }

    /**
     * Waits until every thread of the run is parked or gone (bodies here never block, so a thread that could make
     * progress is runnable). Only then is "nothing logged" meaningful.
     */
    private static void awaitEveryRunThreadParked() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<Thread.State> parked = Set.of(Thread.State.WAITING, Thread.State.TIMED_WAITING, Thread.State.TERMINATED);
        while (true) {
            List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("signaltest-slot-")
                            || t.getName().equals("test-run"))
                    .collect(Collectors.toList());
            if (threads.stream().allMatch(t -> parked.contains(t.getState()))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run threads never all parked: " + threads);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void assertNothingLoggedAfter(Harness harness, JsonNode moment) {
        List<JsonNode> records = harness.log.records();
        assertThat(records.get(records.size() - 1))
                .as("the last record while held")
                .isEqualTo(moment);
    }
}
