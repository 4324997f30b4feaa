package io.signaltest.junit.internal.run;

import io.signaltest.junit.internal.checks.RunWarnings;
import io.signaltest.junit.internal.process.OutputCapture;
import io.signaltest.runtime.Moment;
import io.signaltest.runtime.protocol.LogEvents;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for the moment at which the signal goes out, for each way a test can name it: a moment of the runtime (or the
 * agent), which the child logs and holds; a record of the log; a line of output. A program that cannot reach the moment
 * is told so as early as the harness can tell: when it exits, when it writes no log at all, when the agent sees no
 * executor, and at the latest at the moment deadline.
 */
final class MomentWait {

    /** What a wait for the moment looks for, in the words of its failure messages. */
    record Waiting(String goal, String gerund, String todo) {}

    private final LiveRun run;
    private final Waits waits;
    private final SignalDelivery signals;

    private volatile String matchedLine;
    private OutputCapture matchedIn;
    private long matchedIndex = -1;
    private int matchesSeen;
    private boolean matchedAfterExit;

    MomentWait(LiveRun run, Waits waits, SignalDelivery signals) {
        this.run = run;
        this.waits = waits;
        this.signals = signals;
    }

    /** Waits until the child is at the invocation's moment; for DURING_CLEANUP, sends the first signal on the way. */
    void reach() throws InterruptedException {
        MomentTarget target = run.invocation.moment();
        if (target instanceof MomentTarget.RuntimeMoment runtime) {
            if (runtime.duringCleanup()) {
                awaitRuntimeMoment(runtime.firstSignalAt(), " (where the first " + run.signalName() + " goes)");
                signals.send();
                awaitRuntimeMoment(Moment.DURING_CLEANUP, "");
            } else {
                awaitRuntimeMoment(runtime.moment(), "");
            }
        } else if (target instanceof MomentTarget.LogEvent event) {
            awaitOrFail(
                    run.log.recordMatching(event::matches),
                    new Waiting(
                            "log a " + event.event() + " record"
                                    + (event.fields().isEmpty() ? "" : " with " + event.fields()),
                            "logging such a record",
                            "check that the program writes that record to the cleanup log at SIGNALTEST_LOG, "
                                    + "and that atLogEvent and atLogFields spell it as the log does"),
                    0);
        } else if (target instanceof MomentTarget.OutputLine output) {
            awaitOrFail(
                    outputMatching(output),
                    new Waiting(
                            "print a line matching /" + output.pattern().pattern() + "/",
                            "printing such a line",
                            "check that the program prints that line on stdout or stderr (and flushes it), "
                                    + "and that the regular expression of atOutput matches it"),
                    0);
        }
    }

    private void awaitRuntimeMoment(Moment moment, String role) throws InterruptedException {
        BooleanSupplier reached = run.log.recordMatching(r -> r.is(LogEvents.MOMENT)
                && r.text("moment").map(moment.name()::equals).orElse(false));
        long start = System.nanoTime();
        Waiting wait = new Waiting(
                "reach " + moment + role,
                "reaching " + moment,
                "check that the program runs its tasks with the signaltest runtime (TaskRunner) or under the agent, "
                        + "and that its arguments lead through " + moment + " (" + describe(moment.name()) + ")");
        run.waiting = wait;
        awaitLogStart(moment.name(), reached);
        awaitOrFail(reached, wait, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * The first part of a wait for a moment that the cleanup log names: within the log deadline the log must begin, and
     * under the agent show an executor the agent knows. A program that writes no log, or whose tasks the agent cannot
     * see, never reaches the moment: say so within seconds, not at the end of the moment deadline. The harness looks,
     * not the child: a timer in the child would be a thread the program can see.
     */
    private void awaitLogStart(String moment, BooleanSupplier reached) throws InterruptedException {
        long deadline = Math.min(run.scenario.logTimeoutMillis(), run.scenario.momentTimeoutMillis());
        LogWatch log = run.log;
        // the moment's matcher is already set: the records read here are the moment's wait's too
        boolean shown = waits.awaitFirstRecords(
                () -> reached.getAsBoolean()
                        || log.agentExecutors() > 0
                        || (log.runStarted().isPresent() && !log.writtenByAgent())
                        || (log.runStarted().isEmpty() && log.recordCount() > 0),
                deadline);
        if (shown || !run.child.isAlive()) {
            return; // an exit is for the wait for the moment to report
        }
        throw log.recordCount() == 0
                ? RunFailures.noLog(run, moment, deadline)
                : RunFailures.agentSawNoExecutor(moment, deadline, log.unsupportedExecutors());
    }

    /** Waits for {@code reached} until the moment deadline, {@code waitedMillis} of which have been spent already. */
    private void awaitOrFail(BooleanSupplier reached, Waiting wait, long waitedMillis) throws InterruptedException {
        long timeout = run.scenario.momentTimeoutMillis();
        run.waiting = wait;
        boolean found = waits.await(reached, Math.max(0, timeout - waitedMillis), false);
        run.waiting = null;
        if (found) {
            return;
        }
        notForwardedToTheProgram(timeout);
        if (run.child.isAlive()) {
            throw RunFailures.momentDeadline(run, wait, timeout);
        }
        waits.exited();
        throw RunFailures.exitedBefore(run, wait);
    }

    /**
     * For a moment the program was to reach after a first signal (DURING_CLEANUP) that went to a shell: the shell kept
     * the signal, so the program never began its cleanup. Fails with the finding of a signal not forwarded, as at the
     * end of any other run; does nothing otherwise.
     */
    private void notForwardedToTheProgram(long waitedMillis) {
        if (run.shellEntrypoint == null) {
            return;
        }
        if (!run.child.isAlive()) {
            waits.exited(); // notes what outlived the shell
        }
        Optional<RunFailure> kept = RunFailures.keptByTheShell(run, waitedMillis);
        if (kept.isPresent()) {
            throw kept.get();
        }
    }

    /**
     * Starts watching stdout and stderr for the line that is the moment; each capture replays the lines it already had,
     * so none is missed.
     */
    private BooleanSupplier outputMatching(MomentTarget.OutputLine output) {
        for (OutputCapture capture : List.of(run.child.stdout(), run.child.stderr())) {
            capture.watch(line -> matchOutput(output, capture, line));
        }
        return () -> matchedLine != null;
    }

    /** One line of {@code capture}: the moment when it is the {@code count}th line that matches. */
    private synchronized void matchOutput(MomentTarget.OutputLine output, OutputCapture capture, String line) {
        if (matchedLine == null && output.matches(line) && ++matchesSeen == output.count()) {
            matchedIn = capture;
            matchedIndex = capture.currentLine();
            matchedAfterExit = run.exitNanos >= 0;
            run.momentNanos = System.nanoTime();
            matchedLine = line;
            run.progress.changed();
        }
    }

    /** The output line that was the moment, or null. */
    String matchedLine() {
        return matchedLine;
    }

    /** Whether the moment was a line of output. */
    boolean matchedOutput() {
        return matchedIn != null;
    }

    /** The warning that the output moment's line came only as the child exited, if it did. */
    Optional<String> bufferedMomentLine() {
        if (matchedIn == null || !(matchedAfterExit || matchedIn.cameWithTheEnd(matchedIndex))) {
            return Optional.empty();
        }
        return Optional.of(
                RunWarnings.bufferedOutput(matchedLine, matchedIn == run.child.stdout() ? "stdout" : "stderr"));
    }

    /** What a run needs to pass through {@code moment}, for a message. */
    static String describe(String moment) {
        return switch (moment) {
            case "BEFORE_START" -> "every run passes through it";
            case "BELOW_LIMIT" -> "fewer tasks than maxConcurrent, or tasks that end at different times";
            case "ALL_SLOTS_FULL" -> "exactly maxConcurrent tasks running and none queued: as many tasks as slots";
            case "QUEUE_WAITING" -> "more tasks than maxConcurrent, so that one waits for a slot";
            case "DURING_CLEANUP" -> "a task running when the first signal lands, so that its cleanup starts";
            default -> "see the Moment documentation";
        };
    }
}
