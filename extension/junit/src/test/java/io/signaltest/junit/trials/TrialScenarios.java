package io.signaltest.junit.trials;

import io.signaltest.junit.Delivery;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.SignalTestAssertions;
import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.runtime.Moment;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The scenarios the reliability trials run, four at a time: children on the runtime in every window (starting, held at
 * a moment, running, cleaning up), a command that knows nothing of signaltest, and one that leaves a grandchild behind.
 * Only the trials run them.
 */
@EnabledIfSystemProperty(named = ReliabilityTrials.MARKER, matches = ".+")
class TrialScenarios {

    @SignalTest(
            main = RuntimeApp.class,
            args = {"--tasks", "4", "--max-concurrent", "2"},
            at = {Moment.BEFORE_START, Moment.QUEUE_WAITING, Moment.DURING_CLEANUP},
            firstSignalAt = Moment.QUEUE_WAITING)
    void runtimeChild(SignalRun run) {
        SignalTestAssertions.assertThat(run).exitedWithSignalCode().cleanedUpEveryStartedTaskOnce();
    }

    @SignalTest(
            main = RuntimeApp.class,
            args = {"--tasks", "3", "--max-concurrent", "2", "--cleanup-until-signals", "3"},
            at = Moment.QUEUE_WAITING,
            repeat = 3)
    void repeatedSignalsDuringLongCleanups(SignalRun run) {
        SignalTestAssertions.assertThat(run).exitedWithSignalCode().finishedEveryCleanup();
    }

    @SignalTest(
            command = {"/bin/sh", "-c", "trap '' INT; echo ready; while :; do sleep 1; done"},
            atOutput = "ready",
            signal = io.signaltest.junit.Signal.TERM)
    void commandThatKnowsNothing(SignalRun run) {
        SignalTestAssertions.assertThat(run).exitedWith(143);
    }

    @SignalTest(
            command = {"/bin/sh", "-c", "sleep 600 & echo ready; wait"},
            atOutput = "ready",
            delivery = Delivery.PROCESS_GROUP)
    void commandWithAGrandchild(SignalRun run) {
        SignalTestAssertions.assertThat(run).exitedWith(130);
    }
}
