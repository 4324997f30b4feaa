package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.junit.report.ReportEntries;
import io.signaltest.runtime.Moment;
import io.signaltest.runtime.protocol.LogEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Repeated runs with jittered signals, against real children: each run is an invocation with its own seed, its signal
 * goes out its seed's delay after the child left the moment (the child's own log shows the gap), a seed replays a run
 * with the same delay, and a run whose program exits before its delayed signal is aborted, not failed.
 */
class RepeatedRunsIT {

    /** A series' first seed, so that the runs' seeds are known: this + run - 1. */
    private static final long FIRST_SEED = 0x5eed_0000_0000_0001L;

    @Test
    void eachRunIsAnInvocationWhoseSignalGoesOutItsSeedsDelayAfterTheRelease() {
        EngineExecutionResults results = FixtureKit.run(
                TestCases.class,
                "jittered",
                Map.of(SignalTest.SEED_PROPERTY, new Repetition(1, 1, FIRST_SEED, Duration.ZERO).seedText()));
        FixtureKit.assertNoFailures(results);
        assertThat(FixtureKit.testNames(results))
                .containsExactly(
                        "ALL_SLOTS_FULL, SIGINT, run 1 of 3",
                        "ALL_SLOTS_FULL, SIGINT, run 2 of 3",
                        "ALL_SLOTS_FULL, SIGINT, run 3 of 3");
        List<Map<String, String>> entries = FixtureKit.reportEntries(results).stream()
                .filter(e -> e.containsKey(ReportEntries.RUN))
                .toList();
        assertThat(entries).hasSize(3);
        for (Map<String, String> entry : entries) {
            int run = Integer.parseInt(entry.get(ReportEntries.RUN));
            Repetition repetition = new Repetition(run, 3, FIRST_SEED + run - 1, Duration.ofMillis(20));
            assertThat(entry)
                    .containsEntry(ReportEntries.SCENARIO, "ALL_SLOTS_FULL, SIGINT")
                    .containsEntry(ReportEntries.RUNS, "3")
                    .containsEntry(ReportEntries.SEED, repetition.seedText())
                    .containsEntry(
                            ReportEntries.SIGNAL_DELAYS_MICROS,
                            Long.toString(repetition.delay(1).toNanos() / 1_000));
        }
    }

    @Test
    void aSeedReplaysItsRunsDelays() {
        long seed = FIRST_SEED + 1; // run 2 of the series above
        Repetition original = new Repetition(2, 3, seed, Duration.ofMillis(20));
        EngineExecutionResults results =
                FixtureKit.run(TestCases.class, "jittered", Map.of(SignalTest.REPLAY_PROPERTY, original.seedText()));
        assertThat(FixtureKit.testNames(results))
                .containsExactly("ALL_SLOTS_FULL, SIGINT, replay of " + original.seedText());
        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(FixtureKit.reportEntries(results))
                .filteredOn(e -> e.containsKey(ReportEntries.RUN))
                .singleElement()
                .satisfies(entry -> assertThat(entry)
                        .containsEntry(ReportEntries.SEED, original.seedText())
                        .containsEntry(
                                ReportEntries.SIGNAL_DELAYS_MICROS,
                                Long.toString(original.delay(1).toNanos() / 1_000)));
    }

    @Test
    void aRunWhoseProgramExitsBeforeItsDelayedSignalIsAbortedWithTheReason() {
        // The seed's delay is more than 20 s into a 30 s window, and the program's two 10 ms tasks end long before:
        // the harness waits for the exit, not for the delay.
        long seed = seedWithDelayAbove(Duration.ofSeconds(20), Duration.ofSeconds(30));
        EngineExecutionResults results = FixtureKit.run(
                TestCases.class,
                "exitsBeforeTheDelay",
                Map.of(SignalTest.REPLAY_PROPERTY, new Repetition(1, 1, seed, Duration.ZERO).seedText()));
        assertThat(results.testEvents().aborted().count()).isEqualTo(1);
        assertThat(results.testEvents().aborted().stream()
                        .map(e -> e.getRequiredPayload(TestExecutionResult.class)
                                .getThrowable()
                                .orElseThrow()
                                .getMessage())
                        .findFirst()
                        .orElseThrow())
                .startsWith("The child exited with code 0 before the jittered SIGINT went out, ")
                .contains("this run tested no signal at that point")
                .contains("What to do: If many runs end this way, give the program more work after the moment");
    }

    /**
     * A run of a series whose program ran past its moment (as a loaded machine can make a program's threads run one at
     * a time) tested nothing and is aborted; a moment the program's tasks rule out from the start is the test's own
     * mistake, and fails.
     */
    @Test
    void aRunThatRanPastItsMomentIsAbortedButAnUnreachableMomentFails() {
        EngineExecutionResults passedBy = FixtureKit.run(TestCases.class, "ranPastTheMoment", Map.of());
        assertThat(passedBy.testEvents().aborted().count()).isEqualTo(2);
        assertThat(passedBy.testEvents().failed().count()).isZero();
        assertThat(passedBy.testEvents().aborted().stream()
                        .map(e -> e.getRequiredPayload(TestExecutionResult.class)
                                .getThrowable()
                                .orElseThrow()
                                .getMessage())
                        .findFirst()
                        .orElseThrow())
                .startsWith("The child's run ended without reaching QUEUE_WAITING in this run of the series")
                .contains("this run tested nothing");

        EngineExecutionResults ruledOut = FixtureKit.run(TestCases.class, "momentRuledOut", Map.of());
        assertThat(ruledOut.testEvents().failed().count()).isEqualTo(2);
        assertThat(ruledOut.testEvents().aborted().count()).isZero();
    }

    private static long seedWithDelayAbove(Duration least, Duration window) {
        for (long seed = 1; ; seed++) {
            if (new Repetition(1, 1, seed, window).delay(1).compareTo(least) > 0) {
                return seed;
            }
        }
    }

    @Fixture
    static class TestCases {

        // tag::jittered[]
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "2", "--max-concurrent", "2"},
                at = Moment.ALL_SLOTS_FULL,
                runs = 3,
                jitterMillis = 20)
        void jittered(SignalRun run) {
            Repetition repetition = run.repetition().orElseThrow();
            assertThat(run.signalDelays()).containsExactly(repetition.delay(1));
            SignalTestAssertions.assertThat(run).shutDownCleanly();
            // The child's own clock: the signal reached it at least the delay after it logged the end of its hold.
            LogRecord released = run.log().records(LogEvents.HOLD_RELEASED).get(0);
            LogRecord received = run.log().records(LogEvents.SIGNAL_RECEIVED).get(0);
            assertThat(released.text("reason")).contains("harness");
            assertThat(received.tNanos() - released.tNanos())
                    .isGreaterThanOrEqualTo(repetition.delay(1).toNanos());
        }
        // end::jittered[]

        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "2", "--max-concurrent", "2", "--task-ms", "10"},
                at = Moment.BEFORE_START,
                jitterMillis = 30_000)
        void exitsBeforeTheDelay(SignalRun run) {}

        /**
         * A log written by hand: the run started, holding at QUEUE_WAITING, had a task, and ended without reaching the
         * moment; the program then lingers (the test does not wait for it: the ruled-out case lets it exit for a
         * second, then stops it).
         */
        private static final String MISSED_AFTER_A_TASK = "printf '%s\\n'"
                + " '{\"v\":1,\"seq\":0,\"t_ns\":0,\"event\":\"run_started\",\"holds\":[\"QUEUE_WAITING\"]}'"
                + " '{\"v\":1,\"seq\":1,\"t_ns\":1,\"event\":\"task_queued\",\"task\":1,\"name\":\"a\"}'"
                + " '{\"v\":1,\"seq\":2,\"t_ns\":2,\"event\":\"moment_missed\",\"moment\":\"QUEUE_WAITING\"";

        private static final String THEN_FINISHED =
                " '{\"v\":1,\"seq\":3,\"t_ns\":3,\"event\":\"run_finished\"}' >> \"$SIGNALTEST_LOG\"; exec sleep 60";
        private static final String RAN_PAST = MISSED_AFTER_A_TASK + "}'" + THEN_FINISHED;

        @SignalTest(
                command = {"/bin/sh", "-c", RAN_PAST},
                at = Moment.QUEUE_WAITING,
                runs = 2,
                jitterMillis = 5)
        void ranPastTheMoment(SignalRun run) {}

        /** The same, but the moment is missed at the start: the run's tasks rule it out. */
        private static final String RULED_OUT = MISSED_AFTER_A_TASK + ",\"unreachable\":true}'" + THEN_FINISHED;

        @SignalTest(
                command = {"/bin/sh", "-c", RULED_OUT},
                at = Moment.QUEUE_WAITING,
                runs = 2,
                jitterMillis = 5,
                exitTimeoutMillis = 1_000)
        void momentRuledOut(SignalRun run) {}
    }
}
