package io.signaltest.junit;

import io.signaltest.junit.internal.checks.CheckFailure;
import io.signaltest.junit.internal.checks.CheckVerdict;
import io.signaltest.junit.internal.checks.CleanShutdown;
import io.signaltest.junit.internal.checks.CleanupChecks;
import io.signaltest.junit.internal.checks.ExitChecks;
import io.signaltest.junit.internal.checks.FileChecks;
import io.signaltest.junit.internal.checks.MomentChecks;
import io.signaltest.junit.internal.checks.OutputChecks;
import io.signaltest.junit.internal.checks.TaskChecks;
import io.signaltest.runtime.Moment;
import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * Assertions over a {@link SignalRun}: the exit code, and what the program's cleanup log says about its tasks,
 * cleanups, resources and the signals it received. Start with {@link SignalTestAssertions#assertThat(SignalRun)}.
 *
 * <pre>{@code
 * assertThat(run).exitedWithSignalCode()
 *                .startedNoTaskAfterTheSignal()
 *                .cleanedUpEveryStartedTaskOnce()
 *                .leftNoResourceOpen();
 * }</pre>
 *
 * <h2>Failure messages</h2>
 *
 * Each failure says what was expected and what the run did instead, naming the task and the log records ({@code #seq})
 * in question, then shows the run: command, pid, exit code, the cleanup log as a timeline with those records marked
 * {@code >}, and the tail of stdout and stderr.
 *
 * <h2>Which checks need the cleanup log</h2>
 *
 * {@link #exitedWith(int)}, {@link #exitedWithSignalCode()}, {@link #shutDownWithin(Duration)},
 * {@link #hasNoUnexpectedStderr(String...)}, {@link #hasNoStackTraceOnStderr()}, {@link #printedAfterTheSignal(String,
 * int)}, {@link #matchedEveryStartWithACleanup(String, String)}, {@link #leftNoFilesIn(java.nio.file.Path)} and
 * {@link #leftNoTemporaryFiles()} work for any program. Every other check reads the cleanup log (see
 * {@code docs/log-format.md}) and fails, saying so, when the program wrote none.
 *
 * <h2>Extending</h2>
 *
 * Subclass this type with your own {@code SELF} to add checks and keep the fluent chain; {@link SignalRunAssert} is the
 * concrete class.
 *
 * @param <SELF> the concrete assertion type, returned by every check
 * @since 0.1
 */
public abstract class AbstractSignalRunAssert<SELF extends AbstractSignalRunAssert<SELF>>
        extends AbstractObjectAssert<SELF, SignalRun> {

    protected AbstractSignalRunAssert(SignalRun actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /**
     * Verifies that the program exited with {@code code}. Needs no log.
     *
     * <pre>{@code
     * // the program exited with 130 after SIGINT
     * assertThat(run).exitedWith(130); // passes
     * assertThat(run).exitedWith(0);   // fails: "exit code 130 (128 + SIGINT), expected 0"
     * }</pre>
     *
     * @param code the expected exit code
     * @return this assertion object
     */
    public SELF exitedWith(int code) {
        return check(run -> ExitChecks.exitedWith(run, code));
    }

    /**
     * Verifies that the program exited with one of the {@code accepted} codes: for a service that may exit with 0 or
     * with 143 after SIGTERM, say. Needs no log.
     *
     * <pre>{@code
     * // the program exited with 143 after SIGTERM
     * assertThat(run).exitedWithOneOf(0, 143); // passes
     * assertThat(run).exitedWithOneOf(0, 130);
     * // fails: "exit code 143 (128 + SIGTERM), expected 0 or 130 (128 + SIGINT)"
     * }</pre>
     *
     * @param accepted the exit codes that pass, at least one
     * @return this assertion object
     * @throws IllegalArgumentException if no code is given
     */
    public SELF exitedWithOneOf(int... accepted) {
        return check(run -> ExitChecks.exitedWithOneOf(run, accepted));
    }

    /**
     * Verifies that the program exited with 128 + the number of the signal the test delivered: 130 after SIGINT, 143
     * after SIGTERM, 129 after SIGHUP. Needs no log; when the log has an {@code exit} record, the failure says who
     * chose the code.
     *
     * <pre>{@code
     * // SIGINT delivered, the program exited with 130
     * assertThat(run).exitedWithSignalCode(); // passes
     * // SIGINT delivered, the program exited with 0
     * assertThat(run).exitedWithSignalCode(); // fails: "exit code 0, expected 130 (128 + SIGINT)"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF exitedWithSignalCode() {
        return check(ExitChecks::exitedWithSignalCode);
    }

    /**
     * Verifies that every task that started was cleaned up exactly once: for each {@code task_started}, one
     * {@code cleanup_started} and one {@code cleanup_finished} or {@code cleanup_failed}; and no cleanup for a task
     * that never started.
     *
     * <pre>{@code
     * // tasks 1 and 2 started, each with one cleanup_started and one cleanup_finished
     * assertThat(run).cleanedUpEveryStartedTaskOnce(); // passes
     * // task 2 started and has no cleanup_started
     * assertThat(run).cleanedUpEveryStartedTaskOnce(); // fails: "task 2 started but its cleanup never ran"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF cleanedUpEveryStartedTaskOnce() {
        return check(CleanupChecks::cleanedUpEveryStartedTaskOnce);
    }

    /**
     * Verifies that no {@code task_started} record follows the first {@code signal_received} (by {@code seq}): once the
     * signal arrived, nothing new started.
     *
     * <pre>{@code
     * // SIGINT at #12, the last task_started at #9
     * assertThat(run).startedNoTaskAfterTheSignal(); // passes
     * // SIGINT at #12, task 4 started at #15
     * assertThat(run).startedNoTaskAfterTheSignal();
     * // fails: "task 4 started after the signal (SIGINT received at #12, task 4 started at #15)"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF startedNoTaskAfterTheSignal() {
        return check(TaskChecks::startedNoTaskAfterTheSignal);
    }

    /**
     * Verifies that every cleanup that started finished: none failed ({@code cleanup_failed}), none was cut short (a
     * {@code cleanup_started} with no end, or {@code cleanup_abandoned}), none overran its deadline
     * ({@code cleanup_overrun}, or {@code overran=true}).
     *
     * <pre>{@code
     * // every cleanup_started has a cleanup_finished with overran=false
     * assertThat(run).finishedEveryCleanup(); // passes
     * // task 2's cleanup_started has no end, and a second SIGINT came after it
     * assertThat(run).finishedEveryCleanup(); // fails: "cleanup of task 2 was cut short by the second SIGINT ..."
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF finishedEveryCleanup() {
        return check(CleanupChecks::finishedEveryCleanup);
    }

    /**
     * Verifies that every task that was queued ({@code task_queued}) and never started was reported as
     * {@code task_cancelled_before_start}, after the run was cancelled (its {@code run_cancelling} record, or the first
     * cancelling {@code signal_received}), and did not start after that report.
     *
     * <pre>{@code
     * // tasks 3 and 4 waited for a slot; both have task_cancelled_before_start after the SIGINT
     * assertThat(run).cancelledEveryQueuedTaskBeforeStart(); // passes
     * // task 4 waited and has no record after its task_queued
     * assertThat(run).cancelledEveryQueuedTaskBeforeStart();
     * // fails: "task 4 was queued but never started, and was never reported as cancelled before start"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF cancelledEveryQueuedTaskBeforeStart() {
        return check(TaskChecks::cancelledEveryQueuedTaskBeforeStart);
    }

    /**
     * Verifies that every queued task ended in exactly one terminal state: one of {@code task_completed},
     * {@code task_failed}, {@code task_cancelled}, {@code task_cancelled_before_start}; that no task ended that was
     * never queued; and, for a task list, that every task {@code run_started} announces was queued. For a lazy source
     * the check covers the tasks the program took from it (the others are not in the log).
     *
     * <pre>{@code
     * // tasks 1 and 2 cancelled while running, 3 and 4 cancelled before start
     * assertThat(run).endedEveryTaskInExactlyOneTerminalState(); // passes
     * // task 1 has task_cancelled and task_completed
     * assertThat(run).endedEveryTaskInExactlyOneTerminalState();
     * // fails: "task 1 ended in 2 terminal states: task_cancelled at #4, task_completed at #5"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF endedEveryTaskInExactlyOneTerminalState() {
        return check(TaskChecks::endedEveryTaskInExactlyOneTerminalState);
    }

    /**
     * Verifies that every {@code resource_opened} (task, resource) has a matching {@code resource_closed}, and that no
     * {@code resource_close_failed} was logged. A program that logs no resources passes.
     *
     * <pre>{@code
     * // task 1 opened and closed 'temp file part-1.tmp'
     * assertThat(run).leftNoResourceOpen(); // passes
     * // task 2 opened 'temp file part-2.tmp' and never closed it
     * assertThat(run).leftNoResourceOpen();
     * // fails: "task 2 left resource 'temp file part-2.tmp' open (opened at #9, never closed)"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF leftNoResourceOpen() {
        return check(TaskChecks::leftNoResourceOpen);
    }

    /**
     * Verifies that the signal hit the state named by {@code moment}: the log has the {@code moment} record for it, a
     * {@code signal_received} follows it, no state change ({@code task_started}, {@code cleanup_*}, a terminal record)
     * and no {@code hold_released} lies between the two, and the state the record shows fits the moment. The failure
     * shows that state.
     *
     * <pre>{@code
     * // moment QUEUE_WAITING at #7 (running=2, queued=2), signal_received at #8
     * assertThat(run).signalLandedAt(Moment.QUEUE_WAITING); // passes
     * // moment QUEUE_WAITING at #7, task_started of task 3 at #8, signal_received at #9
     * assertThat(run).signalLandedAt(Moment.QUEUE_WAITING);
     * // fails: "task_started of task 3 at #8 came between reaching QUEUE_WAITING (#7) and receiving the signal (#9)"
     * }</pre>
     *
     * @param moment the moment the signal was aimed at
     * @return this assertion object
     */
    public SELF signalLandedAt(Moment moment) {
        Objects.requireNonNull(moment, "moment must not be null");
        return check(run -> MomentChecks.signalLandedAt(run, moment));
    }

    /**
     * Verifies that repeated signals did not abort cleanup: the log records more than one {@code signal_received}, no
     * {@code escalated} and no {@code cleanup_abandoned}, and every cleanup that started ended. Use it with
     * {@code @SignalTest(repeat = 2)} or {@code Moment.DURING_CLEANUP}.
     *
     * <pre>{@code
     * // two SIGINT received, both cleanups finished
     * assertThat(run).repeatedSignalsDidNotAbortCleanup(); // passes
     * // the second SIGINT arrived during task 2's cleanup, which never ended
     * assertThat(run).repeatedSignalsDidNotAbortCleanup();
     * // fails: "cleanup of task 2 was cut short by the second SIGINT ..."
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF repeatedSignalsDidNotAbortCleanup() {
        return check(CleanupChecks::repeatedSignalsDidNotAbortCleanup);
    }

    /**
     * Verifies that the program exited at most {@code limit} after the (first) signal was sent, as the harness measured
     * it ({@link SignalRun#signalToExit()}). Needs no log.
     *
     * <pre>{@code
     * // the program exited 180 ms after the signal
     * assertThat(run).shutDownWithin(Duration.ofSeconds(5));    // passes
     * assertThat(run).shutDownWithin(Duration.ofMillis(100));
     * // fails: "the program took 180 ms from the signal to its exit, expected at most 100 ms"
     * }</pre>
     *
     * @param limit the longest acceptable time from signal to exit
     * @return this assertion object
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public SELF shutDownWithin(Duration limit) {
        Objects.requireNonNull(limit, "limit must not be null");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("shutDownWithin needs a limit of zero or more, got " + limit);
        }
        return check(run -> ExitChecks.shutDownWithin(run, limit));
    }

    /**
     * Verifies that every non-blank line of stderr matches (as a whole) one of {@code allowedRegexes}; with none given,
     * that stderr is blank. Needs no log.
     *
     * <pre>{@code
     * // stderr: "WARN shutting down"
     * assertThat(run).hasNoUnexpectedStderr("WARN .*"); // passes
     * assertThat(run).hasNoUnexpectedStderr();          // fails: "stderr line 1 is unexpected: WARN shutting down"
     * }</pre>
     *
     * @param allowedRegexes regular expressions, each matched against a whole line
     * @return this assertion object
     * @throws IllegalArgumentException if a pattern is not a regular expression
     */
    public SELF hasNoUnexpectedStderr(String... allowedRegexes) {
        Objects.requireNonNull(allowedRegexes, "allowedRegexes must not be null");
        String[] patterns = allowedRegexes.clone();
        return check(run -> OutputChecks.hasNoUnexpectedStderr(run, patterns));
    }

    /**
     * Verifies that the log records exactly {@code count} {@code signal_received} records.
     *
     * <pre>{@code
     * // the test sent SIGINT twice and the program logged both
     * assertThat(run).receivedSignals(2); // passes
     * // the program logged only the first
     * assertThat(run).receivedSignals(2); // fails: "the log records 1 signal_received, expected 2"
     * }</pre>
     *
     * @param count the expected number of received signals
     * @return this assertion object
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public SELF receivedSignals(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("receivedSignals needs a count of zero or more, got " + count);
        }
        return check(run -> MomentChecks.receivedSignals(run, count));
    }

    /**
     * Verifies that no file is left in {@code directory} (searched recursively): what a cancelled task must not leave
     * behind. A directory that does not exist holds no file.
     *
     * <pre>{@code
     * // passes: every task deleted its temporary file
     * assertThat(run).leftNoFilesIn(run.directory().resolve("work"));
     * // fails with "file left behind in work: input-03.part"
     * }</pre>
     *
     * @param directory where the program keeps its temporary files
     * @return this assertion object
     */
    public SELF leftNoFilesIn(java.nio.file.Path directory) {
        return check(run -> FileChecks.leftNoFilesIn(run, directory));
    }

    /**
     * Verifies that nothing is left in the program's own temporary directory ({@link SignalRun#temporaryDirectory()}:
     * its {@code java.io.tmpdir} and {@code TMPDIR}), naming each file, and each directory left empty. Needs no log.
     *
     * <pre>{@code
     * // passes: the program deleted its spill file on cancellation
     * assertThat(run).leftNoTemporaryFiles();
     * // fails with "temporary file left behind: spill-8071.tmp"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF leftNoTemporaryFiles() {
        return check(FileChecks::leftNoTemporaryFiles);
    }

    /**
     * Verifies that the program left none of its own processes running as it exited: each process still in its process
     * group when it exited (a helper started with {@code ProcessBuilder}, a daemon it spawned) is named; signaltest
     * killed them. Needs no log. Not part of {@link #shutDownCleanly()}: with {@link Delivery#PROCESS_GROUP} a helper
     * that got the signal together with the program may still be ending when the program exits; a program that waits
     * for its helpers passes it with either delivery. With {@link Delivery#PID_1} the kernel ends every process of the
     * namespace with its PID 1, so nothing is left to find.
     *
     * <pre>{@code
     * // passes: the program stopped and waited for its helper process
     * assertThat(run).leftNoProcessBehind();
     * // fails with "still running after the program exited (signaltest killed it): pid 4711: sleep 600"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF leftNoProcessBehind() {
        return check(ExitChecks::leftNoProcessBehind);
    }

    /**
     * Verifies that stderr holds no stack trace (a Java exception with its {@code at} frames, or a Python traceback).
     * {@link #shutDownCleanly()} only warns about one. Needs no log.
     *
     * <pre>{@code
     * // passes: the cancelled task ended quietly
     * assertThat(run).hasNoStackTraceOnStderr();
     * // fails with "stack trace on stderr (line 1): java.lang.InterruptedException: sleep interrupted"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF hasNoStackTraceOnStderr() {
        return check(OutputChecks::hasNoStackTraceOnStderr);
    }

    /**
     * Verifies that exactly {@code count} lines of output (stdout and stderr) that reached the harness after the signal
     * match {@code regex} (found anywhere in the line). For programs that write no log: "no task started after the
     * signal", "every task said it was cancelled". Needs no log. A program that is not held at its moment may print a
     * line before the signal arrives that reaches the harness after it was sent; such a line counts as after the
     * signal.
     *
     * <pre>{@code
     * // after SIGINT, the program printed "Task 1 cleaned up" and "Task 2 cleaned up"
     * assertThat(run).printedAfterTheSignal("cleaned up", 2); // passes
     * assertThat(run).printedAfterTheSignal("Task \\d+ started", 0); // passes
     * assertThat(run).printedAfterTheSignal("cleaned up", 3);
     * // fails: "2 lines match after the signal, expected 3: Task 1 cleaned up | Task 2 cleaned up"
     * }</pre>
     *
     * @param regex a regular expression, found anywhere in a line
     * @param count how many lines must match
     * @return this assertion object
     * @throws IllegalArgumentException if {@code regex} is not a regular expression or {@code count} is negative
     */
    public SELF printedAfterTheSignal(String regex, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("printedAfterTheSignal needs a count of zero or more, got " + count);
        }
        return check(run -> OutputChecks.printedAfterTheSignal(run, regex, count));
    }

    /**
     * Verifies that every line of output matching {@code startRegex} is followed by a line matching
     * {@code cleanupRegex}: each started task said it cleaned up. When both expressions have a first group (the task's
     * name or id), a start is matched only by the cleanup with the same group. Needs no log.
     *
     * <pre>{@code
     * // stdout: "Task 1 started", "Task 2 started", "Task 1 cleaned up"
     * assertThat(run).matchedEveryStartWithACleanup("Task (\\d+) started", "Task (\\d+) cleaned up");
     * // fails with "no cleanup line for: Task 2 started"
     * }</pre>
     *
     * @param startRegex a regular expression that finds a task's start line
     * @param cleanupRegex a regular expression that finds a task's cleanup line
     * @return this assertion object
     * @throws IllegalArgumentException if an expression is not a regular expression
     */
    public SELF matchedEveryStartWithACleanup(String startRegex, String cleanupRegex) {
        return check(run -> OutputChecks.matchedEveryStartWithACleanup(run, startRegex, cleanupRegex));
    }

    /**
     * Verifies every guarantee of a clean shutdown at once, and lists every broken one in a single message: exit code
     * 128 + the signal, no task started after the signal, each started task cleaned up exactly once and to its end,
     * every queued task reported as cancelled before start, one terminal state per task, no resource left open, nothing
     * left in the program's temporary directory, the signal landing at the run's moment, and, when several signals were
     * sent, no cleanup aborted by them. The run's {@linkplain SignalRun#warnings() warnings} (a stack trace on stderr)
     * do not fail it; they are shown when it fails for another reason.
     *
     * <pre>{@code
     * // passes for a program on the signaltest runtime
     * assertThat(run).shutDownCleanly();
     * // fails, for example, with "task 3 started after the signal (SIGINT received at #8, task 3 started at #16)"
     * }</pre>
     *
     * @return this assertion object
     */
    public SELF shutDownCleanly() {
        return check(CleanShutdown::shutDownCleanly);
    }

    private SELF check(java.util.function.Function<SignalRun, CheckVerdict> rule) {
        isNotNull();
        CheckVerdict verdict = rule.apply(actual);
        if (!verdict.passed()) {
            throw CheckFailure.of(info, verdict, actual);
        }
        return myself;
    }
}
