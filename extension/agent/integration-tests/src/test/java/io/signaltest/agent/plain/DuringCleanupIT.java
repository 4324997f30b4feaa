package io.signaltest.agent.plain;

import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * DURING_CLEANUP under the agent: the second signal lands while the program's own cleanup runs (its shutdown hook has
 * cancelled the pool, and the tasks' cleanups are in progress), as the log proves; and when a cleanup never ends, the
 * failure names the program's fault as the log shows it, not the second signal, unless the program stopped on it.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "needs POSIX signals and kill(1)")
class DuringCleanupIT {

    @SignalTest(
            main = FixedPoolBatch.class,
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
    void theSecondSignalLandsWhileTheHookCleansUp(SignalRun run) {
        assertThat(run).signalLandedAt(Moment.DURING_CLEANUP).repeatedSignalsDidNotAbortCleanup();
        var log = run.log();
        var moment = run.momentRecord().orElseThrow();
        var hooks = log.first("shutdown_hooks_started").orElseThrow();
        var cleanup = log.records("cleanup_started").stream()
                .filter(r -> r.seq() < moment.seq())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cleanup began before DURING_CLEANUP:\\n" + log));
        Assertions.assertThat(hooks.seq())
                .as("the program's hooks ran before DURING_CLEANUP")
                .isLessThan(moment.seq());
        Assertions.assertThat(cleanup.text("by_thread"))
                .as("who began the cleanup")
                .contains("batch-shutdown");
        Assertions.assertThat(moment.number("cleanup_of"))
                .as("the cleanup in progress")
                .isPresent();
    }

    @Test
    void aHookThatDoesNotWaitIsNamedAsTheCause() {
        Assertions.assertThat(failure("hookDoesNotWait"))
                .contains("shutdown hooks returned at #", "without waiting for it")
                .doesNotContain("cut short by the second SIGINT");
    }

    @Test
    void aTaskThatSwallowsItsInterruptIsNamedAsTheCause() {
        Assertions.assertThat(failure("givesUpOnASwallowingTask"))
                .contains("the program waited for it and gave up", "went on after its cancellation")
                .doesNotContain("cut short by the second SIGINT");
    }

    @Test
    void aProgramThatHaltsOnTheSecondSignalIsBlamedForIt() {
        Assertions.assertThat(failure("forceQuit"))
                .contains(
                        "was cut short by the second SIGINT",
                        "the program halted on it at #",
                        "ForceQuitOnSecondSignal");
    }

    private static String failure(String method) {
        List<String> failures = Matrix.failureMessages(EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Programs.class, method, SignalRun.class.getName()))
                .execute());
        Assertions.assertThat(failures).as("failures of %s", method).hasSize(1);
        return failures.get(0);
    }

    static class Programs {
        @SignalTest(
                main = PlainPitfalls.HookDoesNotWait.class,
                agent = true,
                at = Moment.DURING_CLEANUP,
                args = {"--tasks", "2", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "2000"})
        void hookDoesNotWait(SignalRun run) {
            assertThat(run).repeatedSignalsDidNotAbortCleanup();
        }

        @SignalTest(
                main = PlainPitfalls.GivesUpOnASwallowingTask.class,
                agent = true,
                at = Moment.DURING_CLEANUP,
                args = {"--tasks", "2", "--max-concurrent", "2"})
        void givesUpOnASwallowingTask(SignalRun run) {
            assertThat(run).repeatedSignalsDidNotAbortCleanup();
        }

        /** Cleanups of two seconds: the second signal surely lands while they run. */
        @SignalTest(
                main = PlainPitfalls.ForceQuitOnSecondSignal.class,
                agent = true,
                at = Moment.DURING_CLEANUP,
                args = {"--tasks", "2", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "2000"})
        void forceQuit(SignalRun run) {
            assertThat(run).repeatedSignalsDidNotAbortCleanup();
        }
    }
}
