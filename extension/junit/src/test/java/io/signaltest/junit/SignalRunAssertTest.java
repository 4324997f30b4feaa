package io.signaltest.junit;

import static io.signaltest.junit.SignalRunFixtures.DURING_CLEANUP_LOG;
import static io.signaltest.junit.SignalRunFixtures.QUEUE_WAITING_LOG;
import static io.signaltest.junit.SignalRunFixtures.run;
import static io.signaltest.junit.SignalRunFixtures.runWithoutLog;
import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signaltest.runtime.Moment;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each assertion passes on a correct run and fails, naming the symptom, on a log that shows the defect. The logs are
 * written by hand; see {@link SignalRunFixtures}.
 */
class SignalRunAssertTest {

    private static final SignalRun CORRECT = run(QUEUE_WAITING_LOG).build();

    @Test
    void aCorrectRunPassesEveryCheck() {
        // tag::correct-run[]
        assertThat(CORRECT)
                .exitedWithSignalCode()
                .exitedWith(130)
                .receivedSignals(1)
                .signalLandedAt(Moment.QUEUE_WAITING)
                .startedNoTaskAfterTheSignal()
                .cleanedUpEveryStartedTaskOnce()
                .finishedEveryCleanup()
                .cancelledEveryQueuedTaskBeforeStart()
                .endedEveryTaskInExactlyOneTerminalState()
                .leftNoResourceOpen()
                .shutDownWithin(Duration.ofSeconds(5))
                .hasNoUnexpectedStderr();
        // end::correct-run[]
    }

    @Test
    void aNullRunFailsAsAssertJDoes() {
        assertThatThrownBy(() -> assertThat((SignalRun) null).exitedWith(130))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
    }

    @Test
    void aDescriptionPrefixesTheMessage() {
        assertThatThrownBy(() -> assertThat(run(QUEUE_WAITING_LOG).exitCode(0).build())
                        .as("Ctrl+C while queued")
                        .exitedWith(130))
                .hasMessageStartingWith("[Ctrl+C while queued] ")
                .hasMessageContaining("exit code 0, expected 130");
    }

    static Stream<Arguments> checksThatReadTheLog() {
        return Stream.of(
                check("cleanedUpEveryStartedTaskOnce", SignalRunAssert::cleanedUpEveryStartedTaskOnce),
                check("startedNoTaskAfterTheSignal", SignalRunAssert::startedNoTaskAfterTheSignal),
                check("finishedEveryCleanup", SignalRunAssert::finishedEveryCleanup),
                check("cancelledEveryQueuedTaskBeforeStart", SignalRunAssert::cancelledEveryQueuedTaskBeforeStart),
                check(
                        "endedEveryTaskInExactlyOneTerminalState",
                        SignalRunAssert::endedEveryTaskInExactlyOneTerminalState),
                check("leftNoResourceOpen", SignalRunAssert::leftNoResourceOpen),
                check("signalLandedAt", a -> a.signalLandedAt(Moment.QUEUE_WAITING)),
                check("repeatedSignalsDidNotAbortCleanup", SignalRunAssert::repeatedSignalsDidNotAbortCleanup),
                check("receivedSignals", a -> a.receivedSignals(1)));
    }

    private static Arguments check(String name, Consumer<SignalRunAssert> check) {
        return Arguments.of(name, check);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checksThatReadTheLog")
    void aCheckThatReadsTheLogFailsWhenTheProgramWroteNone(String name, Consumer<SignalRunAssert> check) {
        SignalRun run = runWithoutLog().build();
        assertThatThrownBy(() -> check.accept(assertThat(run)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("this check needs the cleanup log, but the program wrote none: "
                        + "no cleanup log was written at ")
                .hasMessageContaining("(no log records)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checksThatReadTheLog")
    void aCheckThatReadsTheLogFailsWhenALineIsUnreadable(String name, Consumer<SignalRunAssert> check) {
        String broken = SignalRunFixtures.withEnvelope(QUEUE_WAITING_LOG)
                .replace("{\"v\":1,\"seq\":16,", "{\"v\":1,\"seq\":16 ");
        SignalRun unreadable = SignalRunFixtures.runWithLogText(broken).build();
        assertThatThrownBy(() -> check.accept(assertThat(unreadable)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "this check needs a readable cleanup log, but 1 of its lines is not a valid record")
                .hasMessageContaining("log error: line 17 is not a valid log record");
    }

    @Test
    void checksThatNeedNoLogWorkWithoutOne() {
        SignalRun run = runWithoutLog().stderr("").build();
        assertThat(run)
                .exitedWith(130)
                .exitedWithSignalCode()
                .shutDownWithin(Duration.ofSeconds(1))
                .hasNoUnexpectedStderr();
    }

    @Nested
    class ExitedWith {

        @Test
        void passesOnTheExpectedCode() {
            assertThat(run(QUEUE_WAITING_LOG).exitCode(3).build()).exitedWith(3);
        }

        @Test
        void failsOnAnotherCodeAndSaysWhoChoseIt() {
            // tag::exited-with-fails[]
            SignalRun run = run("""
                    {"event":"run_started","pid":4242,"tasks":0,"max_concurrent":2}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"run_finished","cause":"signal","signal":"INT","exit_code":130}
                    {"event":"exit","code":0,"chosen_by":"application","proposed_code":130}   // #3
                    """).exitCode(0).build();

            assertThatThrownBy(() -> assertThat(run).exitedWith(130))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting the program to exit with code 130")
                    .hasMessageContaining("exit code 0, expected 130 (128 + SIGINT)")
                    .hasMessageContaining("the exit record (#3) says code 0, chosen by the application "
                            + "(the runtime proposed 130)");
            // end::exited-with-fails[]
        }

        @Test
        void acceptsAnyOfSeveralCodes() {
            // tag::exited-with-one-of[]
            SignalRun run = runWithoutLog().signal(Signal.TERM).exitCode(143).build();

            assertThat(run).exitedWithOneOf(0, 143);
            assertThatThrownBy(() -> assertThat(run).exitedWithOneOf(0, 130))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting the program to exit with code 0 or 130 (128 + SIGINT)")
                    .hasMessageContaining("exit code 143 (128 + SIGTERM), expected 0 or 130 (128 + SIGINT)");
            // end::exited-with-one-of[]
        }

        @Test
        void namesTheSignalThatKilledTheProcess() {
            assertThatThrownBy(() ->
                            assertThat(runWithoutLog().exitCode(137).build()).exitedWith(130))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("exit code 137 (128 + SIGKILL), expected 130 (128 + SIGINT)");
        }

        @Test
        void saysWhenTheCodeChangedAfterTheRunEnded() {
            SignalRun run = run("""
                    {"event":"run_started","pid":4242,"tasks":0,"max_concurrent":2}
                    {"event":"run_finished","cause":"signal","signal":"INT","exit_code":130}   // #1
                    """).exitCode(1).build();
            assertThatThrownBy(() -> assertThat(run).exitedWith(130))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the run ended (#1) proposing exit code 130, but the process exited with 1");
        }
    }

    @Nested
    class ExitedWithSignalCode {

        @Test
        void passesOn128PlusTheSignal() {
            assertThat(runWithoutLog().signal(Signal.TERM).exitCode(143).build())
                    .exitedWithSignalCode();
            assertThat(runWithoutLog().signal(Signal.HUP).exitCode(129).build()).exitedWithSignalCode();
        }

        @Test
        void failsOnZeroAfterSigint() {
            // tag::exited-with-signal-code-fails[]
            SignalRun run = run(QUEUE_WAITING_LOG).exitCode(0).build();

            assertThatThrownBy(() -> assertThat(run).exitedWithSignalCode())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("exit code 0, expected 130 (128 + SIGINT)")
                    .hasMessageContaining("the exit record (#24) says code 130, chosen by the runtime, but the process "
                            + "exited with 0");
            // end::exited-with-signal-code-fails[]
        }

        @Test
        void failsOnTheCodeOfAnotherSignal() {
            assertThatThrownBy(() -> assertThat(runWithoutLog()
                                    .signal(Signal.TERM)
                                    .exitCode(130)
                                    .build())
                            .exitedWithSignalCode())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("exit code 130 (128 + SIGINT), expected 143 (128 + SIGTERM)");
        }
    }

    @Nested
    class CleanedUpEveryStartedTaskOnce {

        @Test
        void passesWhenEachStartedTaskHasOneCleanup() {
            assertThat(CORRECT).cleanedUpEveryStartedTaskOnce();
            assertThat(run(DURING_CLEANUP_LOG).build()).cleanedUpEveryStartedTaskOnce();
        }

        @Test
        void failsWhenACleanupNeverRan() {
            // tag::cleanup-never-ran[]
            SignalRun run = run("""
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_queued","task":2,"name":"part-2"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"task_started","task":2,"slot":2}                                   // #3
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":2,"overran":false}
                    {"event":"task_cancelled","task":1,"slot":1,"was":"running"}
                    {"event":"task_cancelled","task":2,"slot":2,"was":"running"}
                    """).build();

            assertThatThrownBy(() -> assertThat(run).cleanedUpEveryStartedTaskOnce())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting every started task to have been cleaned up exactly once")
                    .hasMessageContaining("task 2 started but its cleanup never ran")
                    .hasMessageNotContaining("task 1 started");
            // end::cleanup-never-ran[]
        }

        @Test
        void failsWhenACleanupRanTwice() {
            SignalRun run = run("""
                    {"event":"task_queued","task":3,"name":"part-3"}
                    {"event":"task_started","task":3,"slot":1}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"cleanup_started","task":3,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_finished","task":3,"slot":1,"duration_ms":2,"overran":false}
                    {"event":"cleanup_started","task":3,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_finished","task":3,"slot":1,"duration_ms":2,"overran":false}
                    {"event":"task_cancelled","task":3,"slot":1,"was":"running"}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).cleanedUpEveryStartedTaskOnce())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 3 ran 2 times");
        }

        @Test
        void failsWhenACleanupEndedTwice() {
            SignalRun run = run("""
                    {"event":"task_started","task":3,"slot":1}
                    {"event":"cleanup_started","task":3,"slot":1,"after":"completed"}
                    {"event":"cleanup_finished","task":3,"slot":1,"duration_ms":2,"overran":false}
                    {"event":"cleanup_failed","task":3,"slot":1,"duration_ms":2,"overran":false,"error":"x"}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).cleanedUpEveryStartedTaskOnce())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 3 ended 2 times");
        }

        @Test
        void failsWhenATaskThatNeverStartedWasCleanedUp() {
            SignalRun run = run("""
                    {"event":"task_queued","task":5,"name":"part-5"}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"cleanup_started","task":5,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_finished","task":5,"slot":1,"duration_ms":2,"overran":false}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).cleanedUpEveryStartedTaskOnce())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 5 ran, but task 5 never started");
        }

        @Test
        void failsWhenACleanupWasCutShortByTheSecondSignal() {
            // tag::cut-short[]
            SignalRun run = run("""
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_queued","task":2,"name":"part-2"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"task_started","task":2,"slot":2}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":2,"overran":false}
                    {"event":"task_cancelled","task":1,"slot":1,"was":"running"}
                    {"event":"cleanup_started","task":2,"slot":2,"after":"cancelled"}           // #8
                    {"event":"signal_received","signal":"INT","number":2,"count":2,"action":"ignored-during-cleanup"}  // #9
                    """).signalsSent(2).build();

            assertThatThrownBy(() -> assertThat(run).cleanedUpEveryStartedTaskOnce())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 2 was cut short by the second SIGINT "
                            + "(cleanup started at #8, the SIGINT arrived at #9, and the cleanup never ended)");
            // end::cut-short[]
        }

        @Test
        void blamesTheSecondSignalWhenTheProcessDiedBeforeLoggingIt() {
            SignalRun run = run("""
                    {"event":"task_started","task":2,"slot":1}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"cleanup_started","task":2,"slot":1,"after":"cancelled"}           // #2
                    """).signalsSent(2).build();
            assertThatThrownBy(() -> assertThat(run).cleanedUpEveryStartedTaskOnce())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 2 was cut short by the second SIGINT (cleanup started at #2 "
                            + "and never ended; 2 SIGINT were sent, the log records 1 received and stops at #2)");
        }

        @Test
        void saysTheProcessEndedDuringACleanupWhenTheLogStops() {
            SignalRun run = run("""
                    {"event":"task_started","task":2,"slot":1}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"cleanup_started","task":2,"slot":1,"after":"cancelled"}           // #2
                    {"event":"task_event","task":2,"name":"deleting","detail":"part-2.tmp"}     // #3
                    """).build();
            assertThatThrownBy(() -> assertThat(run).cleanedUpEveryStartedTaskOnce())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 2 started at #2 but never ended: the log stops at #3, "
                            + "so the process ended during the cleanup");
        }
    }

    @Nested
    class StartedNoTaskAfterTheSignal {

        @Test
        void passesWhenNothingStartsAfterTheSignal() {
            assertThat(CORRECT).startedNoTaskAfterTheSignal();
        }

        @Test
        void failsWhenAQueuedTaskTakesAFreedSlot() {
            // tag::started-after-signal[]
            SignalRun run = run("""
                    {"event":"run_started","pid":4242,"tasks":4,"max_concurrent":2}
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_queued","task":2,"name":"part-2"}
                    {"event":"task_queued","task":3,"name":"part-3"}
                    {"event":"task_queued","task":4,"name":"part-4"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"task_started","task":2,"slot":2}
                    {"event":"cleanup_started","task":1,"slot":1,"after":"completed"}
                    {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":1,"overran":false}
                    {"event":"task_completed","task":1,"slot":1}
                    {"event":"task_started","task":3,"slot":1}
                    {"event":"moment","moment":"QUEUE_WAITING","running":2,"occupied_slots":2,"queued":1,"max_concurrent":2}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}  // #12
                    {"event":"cleanup_started","task":2,"slot":2,"after":"cancelled"}
                    {"event":"cleanup_finished","task":2,"slot":2,"duration_ms":1,"overran":false}
                    {"event":"task_started","task":4,"slot":2}                                          // #15
                    """).build();

            assertThatThrownBy(() -> assertThat(run).startedNoTaskAfterTheSignal())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting no task to have started after the signal")
                    .hasMessageContaining(
                            "task 4 started after the signal (SIGINT received at #12, task 4 started at #15)")
                    .hasMessageNotContaining("task 3 started after");
            // end::started-after-signal[]
        }

        @Test
        void failsWhenTheLogHasNoSignal() {
            SignalRun run = run("""
                    {"event":"task_started","task":1,"slot":1}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).startedNoTaskAfterTheSignal())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the log has no signal_received record, so this check cannot tell which "
                            + "tasks started after the signal");
        }
    }

    @Nested
    class FinishedEveryCleanup {

        @Test
        void passesWhenEveryCleanupFinished() {
            assertThat(CORRECT).finishedEveryCleanup();
            assertThat(run(DURING_CLEANUP_LOG).signalsSent(2).build()).finishedEveryCleanup();
        }

        @Test
        void passesWhenNoTaskStarted() {
            assertThat(run("""
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"task_cancelled_before_start","task":1,"was":"queued"}
                    """).build()).finishedEveryCleanup();
        }

        @Test
        void failsOnAFailedCleanup() {
            SignalRun run = run("""
                    {"event":"task_started","task":3,"slot":1}
                    {"event":"cleanup_started","task":3,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_failed","task":3,"slot":1,"duration_ms":2,"overran":false,"error":"java.io.IOException: disk full"}  // #2
                    """).build();
            assertThatThrownBy(() -> assertThat(run).finishedEveryCleanup())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 3 failed: java.io.IOException: disk full (#2)");
        }

        @Test
        void failsOnAnOverrunCleanup() {
            // tag::overran[]
            SignalRun run = run("""
                    {"event":"run_started","pid":4242,"tasks":1,"max_concurrent":1,"cleanup_deadline_ms":5000}
                    {"event":"task_started","task":2,"slot":1}
                    {"event":"cleanup_started","task":2,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_overrun","task":2,"slot":1,"deadline_ms":5000}
                    {"event":"cleanup_finished","task":2,"slot":1,"duration_ms":7012,"overran":true}
                    """).build();

            assertThatThrownBy(() -> assertThat(run).finishedEveryCleanup())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 2 overran its deadline of 5000 ms (it took 7012 ms)");
            // end::overran[]
        }

        @Test
        void failsOnAnOverrunFlaggedOnlyOnTheEnd() {
            SignalRun run = run("""
                    {"event":"run_started","pid":4242,"tasks":1,"max_concurrent":1,"cleanup_deadline_ms":100}
                    {"event":"task_started","task":2,"slot":1}
                    {"event":"cleanup_started","task":2,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_finished","task":2,"slot":1,"duration_ms":150,"overran":true}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).finishedEveryCleanup())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 2 overran its deadline of 100 ms (it took 150 ms)");
        }

        @Test
        void failsOnACleanupCutShortByTheSecondSignal() {
            SignalRun run = run("""
                    {"event":"task_started","task":2,"slot":1}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"cleanup_started","task":2,"slot":1,"after":"cancelled"}
                    {"event":"signal_received","signal":"INT","number":2,"count":2,"action":"ignored-during-cleanup"}
                    """).signalsSent(2).build();
            assertThatThrownBy(() -> assertThat(run).finishedEveryCleanup())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 2 was cut short by the second SIGINT");
        }

        @Test
        void failsOnAnAbandonedCleanup() {
            // tag::abandoned[]
            SignalRun run = run("""
                    {"event":"task_started","task":2,"slot":1}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"cleanup_started","task":2,"slot":1,"after":"cancelled"}
                    {"event":"signal_received","signal":"INT","number":2,"count":2,"action":"escalate"}
                    {"event":"escalated","reason":"repeated-signal","signals_received":2}       // #4
                    {"event":"cleanup_abandoned","task":2,"slot":1,"phase":"cleanup","reason":"repeated-signal"}  // #5
                    """).signalsSent(2).build();

            assertThatThrownBy(() -> assertThat(run).finishedEveryCleanup())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 2 was cut short by the second SIGINT "
                            + "(the run escalated at #4 and abandoned it at #5)");
            // end::abandoned[]
        }

        @Test
        void namesTheDeadlineWhenACleanupWasAbandonedThere() {
            SignalRun run = run("""
                    {"event":"task_started","task":2,"slot":1}
                    {"event":"cleanup_started","task":2,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_overrun","task":2,"slot":1,"deadline_ms":100}
                    {"event":"escalated","reason":"cleanup-deadline","signals_received":1}
                    {"event":"cleanup_abandoned","task":2,"slot":1,"phase":"cleanup","reason":"cleanup-deadline"}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).finishedEveryCleanup())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cleanup of task 2 was abandoned when a cleanup overran its deadline "
                            + "(the run escalated at #3 and abandoned it at #4)")
                    .hasMessageContaining("cleanup of task 2 overran its deadline of 100 ms");
        }
    }

    @Nested
    class CancelledEveryQueuedTaskBeforeStart {

        @Test
        void passesWhenEveryWaitingTaskIsReported() {
            assertThat(CORRECT).cancelledEveryQueuedTaskBeforeStart();
        }

        @Test
        void failsWhenAWaitingTaskIsDroppedSilently() {
            // tag::dropped[]
            SignalRun run = run("""
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_queued","task":2,"name":"part-2"}
                    {"event":"task_queued","task":3,"name":"part-3"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"run_cancelling","cause":"signal","signal":"INT","running":1,"queued":2}
                    {"event":"task_cancelled_before_start","task":2,"was":"queued"}
                    {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":1,"overran":false}
                    {"event":"task_cancelled","task":1,"slot":1,"was":"running"}
                    """).build();

            assertThatThrownBy(() -> assertThat(run).cancelledEveryQueuedTaskBeforeStart())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("task 3 was queued but never started, and was never reported as cancelled "
                            + "before start")
                    .hasMessageNotContaining("task 2 was queued");
            // end::dropped[]
        }

        @Test
        void failsWhenAReportedTaskStartsAnyway() {
            SignalRun run = run("""
                    {"event":"task_queued","task":2,"name":"part-2"}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"task_cancelled_before_start","task":2,"was":"queued"}           // #2
                    {"event":"task_started","task":2,"slot":1}                                 // #3
                    """).build();
            assertThatThrownBy(() -> assertThat(run).cancelledEveryQueuedTaskBeforeStart())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("task 2 was reported as cancelled before start (#2), yet it started at #3");
        }

        @Test
        void failsWhenATaskIsReportedBeforeTheRunWasCancelled() {
            SignalRun run = run("""
                    {"event":"task_queued","task":2,"name":"part-2"}
                    {"event":"task_cancelled_before_start","task":2,"was":"queued"}           // #1
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}  // #2
                    """).build();
            assertThatThrownBy(() -> assertThat(run).cancelledEveryQueuedTaskBeforeStart())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("task 2 was reported as cancelled before start (#1) before the run was "
                            + "cancelled (#2)");
        }

        @Test
        void failsWhenATaskIsReportedButTheRunWasNeverCancelled() {
            SignalRun run = run("""
                    {"event":"task_queued","task":2,"name":"part-2"}
                    {"event":"task_cancelled_before_start","task":2,"was":"queued"}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).cancelledEveryQueuedTaskBeforeStart())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("but the run was never cancelled");
        }

        @Test
        void failsWhenTheLogListsNoQueuedTasks() {
            SignalRun run = run("""
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).cancelledEveryQueuedTaskBeforeStart())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "this check needs the task_queued records of the cleanup log, but the log " + "has none");
        }

        @Test
        void passesOnARunWithoutTasks() {
            assertThat(run("""
                    {"event":"run_started","pid":4242,"tasks":0,"max_concurrent":2}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    """).build())
                    .cancelledEveryQueuedTaskBeforeStart()
                    .endedEveryTaskInExactlyOneTerminalState();
        }
    }

    @Nested
    class EndedEveryTaskInExactlyOneTerminalState {

        @Test
        void passesWhenEachTaskEndsOnce() {
            assertThat(CORRECT).endedEveryTaskInExactlyOneTerminalState();
        }

        @Test
        void failsOnATaskThatNeverEnded() {
            SignalRun run = run("""
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":1,"overran":false}  // #3
                    """).build();
            assertThatThrownBy(() -> assertThat(run).endedEveryTaskInExactlyOneTerminalState())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("task 1 ended in no terminal state (its last record is #3 cleanup_finished)");
        }

        @Test
        void failsOnATaskThatEndedTwice() {
            // tag::two-terminal-states[]
            SignalRun run = run("""
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}
                    {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":1,"overran":false}
                    {"event":"task_cancelled","task":1,"slot":1,"was":"running"}                // #4
                    {"event":"task_completed","task":1,"slot":1}                                // #5
                    """).build();

            assertThatThrownBy(() -> assertThat(run).endedEveryTaskInExactlyOneTerminalState())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "task 1 ended in 2 terminal states: task_cancelled at #4, task_completed at #5");
            // end::two-terminal-states[]
        }

        @Test
        void failsOnATaskThatEndedWithoutBeingQueued() {
            SignalRun run = run("""
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_cancelled_before_start","task":1,"was":"queued"}
                    {"event":"task_completed","task":9,"slot":1}                               // #2
                    """).build();
            assertThatThrownBy(() -> assertThat(run).endedEveryTaskInExactlyOneTerminalState())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("task 9 ended (task_completed at #2) but was never queued");
        }
    }

    @Nested
    class LeftNoResourceOpen {

        @Test
        void passesWhenEveryResourceWasClosed() {
            assertThat(CORRECT).leftNoResourceOpen();
        }

        @Test
        void failsOnAResourceLeftOpen() {
            // tag::resource-left-open[]
            SignalRun run = run("""
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"resource_opened","task":1,"resource":"temp file part-1.tmp"}
                    {"event":"task_started","task":2,"slot":2}
                    {"event":"resource_opened","task":2,"resource":"temp file part-2.tmp"}      // #3
                    {"event":"resource_closed","task":1,"resource":"temp file part-1.tmp"}
                    """).build();

            assertThatThrownBy(() -> assertThat(run).leftNoResourceOpen())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "task 2 left resource 'temp file part-2.tmp' open (opened at #3, never closed)")
                    .hasMessageNotContaining("part-1.tmp' open");
            // end::resource-left-open[]
        }

        @Test
        void countsEachOpeningOfTheSameResource() {
            SignalRun run = run("""
                    {"event":"resource_opened","task":1,"resource":"socket"}
                    {"event":"resource_opened","task":1,"resource":"socket"}                     // #1
                    {"event":"resource_closed","task":1,"resource":"socket"}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).leftNoResourceOpen())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("task 1 left resource 'socket' open (opened at #1, never closed)");
        }

        @Test
        void failsOnAResourceThatCouldNotBeClosed() {
            SignalRun run = run("""
                    {"event":"resource_opened","task":1,"resource":"temp file part-1.tmp"}
                    {"event":"resource_close_failed","task":1,"resource":"temp file part-1.tmp","error":"java.nio.file.AccessDeniedException: part-1.tmp"}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).leftNoResourceOpen())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("task 1 could not close resource 'temp file part-1.tmp': "
                            + "java.nio.file.AccessDeniedException: part-1.tmp (#1)");
        }
    }

    @Nested
    class SignalLandedAt {

        @Test
        void passesWhenNothingChangedBetweenTheMomentAndTheSignal() {
            assertThat(CORRECT).signalLandedAt(Moment.QUEUE_WAITING);
            assertThat(run(DURING_CLEANUP_LOG).build())
                    .signalLandedAt(Moment.ALL_SLOTS_FULL)
                    .signalLandedAt(Moment.DURING_CLEANUP);
        }

        @Test
        void failsWhenATaskStartedInBetweenAndShowsTheState() {
            // tag::landed-at-fails[]
            SignalRun run = run("""
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_queued","task":2,"name":"part-2"}
                    {"event":"task_queued","task":3,"name":"part-3"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"task_started","task":2,"slot":2}
                    {"event":"cleanup_started","task":1,"slot":1,"after":"completed"}
                    {"event":"moment","moment":"BELOW_LIMIT","running":1,"in_cleanup":1,"occupied_slots":2,"queued":1,"max_concurrent":2}  // #6
                    {"event":"task_started","task":3,"slot":1}                                  // #7
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}  // #8
                    """).build();

            assertThatThrownBy(() -> assertThat(run).signalLandedAt(Moment.BELOW_LIMIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("task_started of task 3 at #7 came between reaching BELOW_LIMIT (#6) and "
                            + "receiving the signal (#8)")
                    .hasMessageContaining("the moment record (#6) says BELOW_LIMIT (some slots busy, some free, "
                            + "nothing queued), but its state does not match")
                    .hasMessageContaining("state at BELOW_LIMIT (#6): running=1, in_cleanup=1, occupied_slots=2, "
                            + "queued=1, max_concurrent=2");
            // end::landed-at-fails[]
        }

        @Test
        void failsWhenTheMomentWasNeverReached() {
            assertThatThrownBy(() -> assertThat(CORRECT).signalLandedAt(Moment.ALL_SLOTS_FULL))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "the log has no moment record for ALL_SLOTS_FULL (moments reached: " + "QUEUE_WAITING)");
        }

        @Test
        void failsWithTheRuntimesReasonWhenTheMomentWasMissed() {
            SignalRun run = run("""
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"moment_missed","moment":"QUEUE_WAITING","detail":"the run ended without reaching QUEUE_WAITING (1 tasks never fill 2 slots and leave one waiting)"}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).signalLandedAt(Moment.QUEUE_WAITING))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the program never reached QUEUE_WAITING: the run ended without reaching "
                            + "QUEUE_WAITING (1 tasks never fill 2 slots and leave one waiting) (#2)");
        }

        @Test
        void failsWhenTheHoldEndedBeforeTheSignal() {
            SignalRun run = run("""
                    {"event":"moment","moment":"BEFORE_START","running":0,"in_cleanup":0,"occupied_slots":0,"queued":1,"max_concurrent":1}
                    {"event":"hold_released","moment":"BEFORE_START","reason":"deadline","detail":"no signal within 120000 ms of reaching BEFORE_START"}  // #1
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).signalLandedAt(Moment.BEFORE_START))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the hold at BEFORE_START was released at #1 (reason deadline) before the "
                            + "signal was received: no signal within 120000 ms of reaching BEFORE_START");
        }

        @Test
        void failsWhenNoSignalFollowedTheMoment() {
            SignalRun run = run("""
                    {"event":"moment","moment":"BEFORE_START","running":0,"in_cleanup":0,"occupied_slots":0,"queued":1,"max_concurrent":1}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).signalLandedAt(Moment.BEFORE_START))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no signal was received after the program reached BEFORE_START at #0");
        }
    }

    @Nested
    class RepeatedSignalsDidNotAbortCleanup {

        @Test
        void passesWhenEveryCleanupFinishedDespiteTheSecondSignal() {
            // tag::repeated-passes[]
            assertThat(run(DURING_CLEANUP_LOG)
                            .signalsSent(2)
                            .moment("DURING_CLEANUP")
                            .build())
                    .receivedSignals(2)
                    .repeatedSignalsDidNotAbortCleanup();
            // end::repeated-passes[]
        }

        @Test
        void failsWhenTheSecondSignalCutACleanupShort() {
            String cutShort = DURING_CLEANUP_LOG
                    .lines()
                    .takeWhile(line -> !line.contains("\"hold_released\",\"moment\":\"DURING_CLEANUP\""))
                    .reduce("", (a, b) -> a + b + "\n");
            SignalRun run = run(cutShort).signalsSent(2).exitCode(130).build();
            assertThatThrownBy(() -> assertThat(run).repeatedSignalsDidNotAbortCleanup())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "cleanup of task 1 was cut short by the second SIGINT (cleanup started at #9, "
                                    + "the SIGINT arrived at #11, and the cleanup never ended)");
        }

        @Test
        void failsWhenTheRunEscalated() {
            SignalRun run = run("""
                    {"event":"task_started","task":2,"slot":1}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"cleanup_started","task":2,"slot":1,"after":"cancelled"}
                    {"event":"signal_received","signal":"INT","number":2,"count":2,"action":"ignored-during-cleanup"}
                    {"event":"signal_received","signal":"INT","number":2,"count":3,"action":"escalate"}   // #4
                    {"event":"escalated","reason":"repeated-signal","signals_received":3}       // #5
                    {"event":"cleanup_abandoned","task":2,"slot":1,"phase":"cleanup","reason":"repeated-signal"}
                    """).signalsSent(3).build();
            assertThatThrownBy(() -> assertThat(run).repeatedSignalsDidNotAbortCleanup())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "the run escalated at #5 (repeated-signal) instead of waiting for its cleanups")
                    .hasMessageContaining("cleanup of task 2 was cut short by the third SIGINT");
        }

        @Test
        void failsWhenOnlyOneSignalWasReceived() {
            assertThatThrownBy(() -> assertThat(CORRECT).repeatedSignalsDidNotAbortCleanup())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the log records 1 signal_received, but this check is about repeated "
                            + "signals: it needs at least two");
        }
    }

    @Nested
    class ShutDownWithin {

        @Test
        void passesWithinTheLimit() {
            assertThat(run(QUEUE_WAITING_LOG)
                            .signalToExit(Duration.ofMillis(180))
                            .build())
                    .shutDownWithin(Duration.ofMillis(180));
        }

        @Test
        void failsBeyondTheLimit() {
            // tag::shut-down-within-fails[]
            SignalRun run =
                    run(QUEUE_WAITING_LOG).signalToExit(Duration.ofMillis(7412)).build();

            assertThatThrownBy(() -> assertThat(run).shutDownWithin(Duration.ofSeconds(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the program took 7.412 s from the signal to its exit, expected at most 5 s");
            // end::shut-down-within-fails[]
        }

        @Test
        void rejectsANegativeLimit() {
            assertThatThrownBy(() -> assertThat(CORRECT).shutDownWithin(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("shutDownWithin needs a limit of zero or more");
        }
    }

    @Nested
    class HasNoUnexpectedStderr {

        @Test
        void passesWhenEveryLineIsAllowed() {
            // tag::stderr-passes[]
            SignalRun run = runWithoutLog()
                    .stderr("WARN shutting down after SIGINT\n\nWARN 2 tasks cancelled before start\n")
                    .build();

            assertThat(run).hasNoUnexpectedStderr("WARN .*");
            // end::stderr-passes[]
        }

        @Test
        void failsOnALineThatMatchesNoPattern() {
            // tag::stderr-fails[]
            SignalRun run = runWithoutLog()
                    .stderr("WARN shutting down after SIGINT\n"
                            + "Exception in thread \"main\" java.lang.IllegalStateException: pool closed\n")
                    .build();

            assertThatThrownBy(() -> assertThat(run).hasNoUnexpectedStderr("WARN .*"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting every line of stderr to match one of \"WARN .*\"")
                    .hasMessageContaining("stderr line 2 matches no allowed pattern: Exception in thread \"main\" "
                            + "java.lang.IllegalStateException: pool closed")
                    .hasMessageNotContaining("stderr line 1 ");
            // end::stderr-fails[]
        }

        @Test
        void withoutPatternsFailsOnAnyLine() {
            assertThatThrownBy(() ->
                            assertThat(runWithoutLog().stderr("oops\n").build()).hasNoUnexpectedStderr())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting stderr to be empty")
                    .hasMessageContaining("stderr line 1 is unexpected: oops");
        }

        @Test
        void matchesWholeLinesOnly() {
            assertThatThrownBy(() -> assertThat(
                                    runWithoutLog().stderr("an ERROR here\n").build())
                            .hasNoUnexpectedStderr("ERROR"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("stderr line 1 matches no allowed pattern: an ERROR here");
        }

        @Test
        void rejectsAnInvalidPattern() {
            assertThatThrownBy(() -> assertThat(CORRECT).hasNoUnexpectedStderr("WARN ("))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the allowed stderr pattern \"WARN (\" is not a regular expression");
        }
    }

    @Nested
    class ReceivedSignals {

        @Test
        void passesOnTheLoggedCount() {
            assertThat(CORRECT).receivedSignals(1);
        }

        @Test
        void failsOnAnotherCount() {
            // tag::received-signals-fails[]
            SignalRun run = run(QUEUE_WAITING_LOG).signalsSent(2).build();

            assertThatThrownBy(() -> assertThat(run).receivedSignals(2))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the log records 1 signal_received, expected 2")
                    .hasMessageContaining("the test sent 2 SIGINT");
            // end::received-signals-fails[]
        }

        @Test
        void rejectsANegativeCount() {
            assertThatThrownBy(() -> assertThat(CORRECT).receivedSignals(-1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theEntryPointResolvesNextToAssertJs() {
        // both assertThat are imported statically in this file: a SignalRun gets ours, anything else AssertJ's
        SignalRunAssert ours = assertThat(CORRECT);
        assertThat(ours).isInstanceOf(SignalRunAssert.class);
        assertThat("text").startsWith("te");
    }

    @Nested
    class ShutDownCleanly {

        @Test
        void passesForACorrectRun() {
            assertThat(CORRECT).shutDownCleanly();
        }

        @Test
        void listsEveryBrokenGuaranteeInOneMessage() {
            // tag::shut-down-cleanly[]
            SignalRun run = run("""
                    {"event":"run_started","tasks":3,"max_concurrent":1,"signals":{"INT":"handled"}}
                    {"event":"task_queued","task":1,"name":"a"}
                    {"event":"task_queued","task":2,"name":"b"}
                    {"event":"task_queued","task":3,"name":"c"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}  // #5
                    {"event":"task_started","task":2,"slot":1}                                          // #6
                    """).exitCode(0).moment("custom").build();

            assertThatThrownBy(() -> assertThat(run).shutDownCleanly())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting the program to shut down cleanly after SIGINT at custom")
                    .hasMessageContaining("exit code 0, expected 130")
                    .hasMessageContaining("task 2 started after the signal")
                    .hasMessageContaining("task 1 started but its cleanup never ran");
            // end::shut-down-cleanly[]
        }
    }

    @Nested
    class LeftNoFilesIn {

        @Test
        void passesForAnEmptyOrMissingDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
            assertThat(CORRECT).leftNoFilesIn(dir).leftNoFilesIn(dir.resolve("never-created"));
        }

        @Test
        void failsNamingEachFileLeftBehind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
            // tag::files-left[]
            java.nio.file.Path work = java.nio.file.Files.createDirectories(dir.resolve("work"));
            java.nio.file.Files.writeString(work.resolve("input-03.part"), "half an output");

            assertThatThrownBy(() -> assertThat(CORRECT).leftNoFilesIn(work))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("file left behind in work: input-03.part");
            // end::files-left[]
        }
    }

    /**
     * Tasks from a lazy source are known only once taken: the checks cover those, say that the others are not checked,
     * and still catch a task list whose announced tasks are missing.
     */
    @Nested
    class TasksNotInTheLog {

        private static final String LAZY_CANCELLED = """
                {"event":"run_started","pid":4242,"tasks":null,"source":"lazy","max_concurrent":1}
                {"event":"task_queued","task":1,"name":"line-1"}
                {"event":"task_started","task":1,"slot":1}
                {"event":"task_queued","task":2,"name":"line-2"}
                {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                {"event":"run_cancelling","cause":"signal","signal":"INT","running":1,"in_cleanup":0,"queued":1}
                {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}
                {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":1,"overran":false}
                {"event":"task_cancelled","task":1,"slot":1,"was":"running","ended_by":"return"}
                %s
                {"event":"run_finished","cause":"signal","signal":"INT","tasks":2,"source_exhausted":false,"cancelled":1,"cancelled_before_start":1,"exit_code":130}  // #%d
                """;

        @Test
        void aLazyRunPassesWithTheTasksItTookAndSaysTheOthersAreNotChecked() {
            SignalRun run = run(LAZY_CANCELLED.formatted(
                            "{\"event\":\"task_cancelled_before_start\",\"task\":2,\"was\":\"queued\"}", 10))
                    .build();
            assertThat(run).cancelledEveryQueuedTaskBeforeStart().endedEveryTaskInExactlyOneTerminalState();
        }

        @Test
        void aLazyRunStillFailsOnATakenTaskThatWasDroppedAndSaysWhatItCannotSee() {
            SignalRun run = run(LAZY_CANCELLED.formatted("", 9)).build(); // the blank line is no record
            assertThatThrownBy(() -> assertThat(run).cancelledEveryQueuedTaskBeforeStart())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("task 2 was queued but never started, and was never reported as cancelled")
                    .hasMessageContaining("did not read it to its end (run_finished #9 says source_exhausted: false)"
                            + ": tasks it never took are not in the log and are not checked");
        }

        @Test
        void aLazyRunCancelledBeforeItTookAnyTaskHasNothingToCheck() {
            SignalRun run = run("""
                    {"event":"run_started","pid":4242,"tasks":null,"source":"lazy","max_concurrent":2}
                    {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                    {"event":"run_cancelling","cause":"signal","signal":"INT","running":0,"in_cleanup":0,"queued":0}
                    {"event":"run_finished","cause":"signal","signal":"INT","tasks":0,"source_exhausted":false,"exit_code":130}
                    """).build();
            assertThat(run).cancelledEveryQueuedTaskBeforeStart().endedEveryTaskInExactlyOneTerminalState();
        }

        @Test
        void aListRunFailsWhenAnnouncedTasksNeverAppearInTheLog() {
            SignalRun run = run("""
                    {"event":"run_started","pid":4242,"tasks":3,"source":"list","max_concurrent":1}  // #0
                    {"event":"task_queued","task":1,"name":"part-1"}
                    {"event":"task_started","task":1,"slot":1}
                    {"event":"cleanup_started","task":1,"slot":1,"after":"completed"}
                    {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":1,"overran":false}
                    {"event":"task_completed","task":1,"slot":1}
                    """).build();
            assertThatThrownBy(() -> assertThat(run).endedEveryTaskInExactlyOneTerminalState())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("run_started (#0) announces 3 tasks, but 2 of them never appear in the log "
                            + "(no task_queued record): tasks 2, 3");
        }
    }
}
