package io.signaltest.junit.trials;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two children that the {@code pipes} trial times against each other: one that leaves a grandchild holding its stdout
 * and stderr, and the same without the grandchild.
 */
@EnabledIfSystemProperty(named = ReliabilityTrials.MARKER, matches = ".+")
class PipeScenarios {

    @SignalTest(
            command = {"/bin/sh", "-c", "sleep 600 & echo ready; wait"},
            atOutput = "ready")
    void grandchildHoldsThePipes(SignalRun run) {}

    @SignalTest(
            command = {"/bin/sh", "-c", "echo ready; exec sleep 600"},
            atOutput = "ready")
    void noGrandchild(SignalRun run) {}
}
