package io.signaltest.junit.internal.run;

import io.signaltest.junit.Delivery;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.internal.log.LogLines;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.process.ProcessTree;
import io.signaltest.junit.internal.process.Signals;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything that can make a run fail before its checks, worded once: what happened, what was expected, and what to do.
 * Each step of the {@link Harness} raises these where it finds them.
 */
final class RunFailures {

    private RunFailures() {}

    // ---------------------------------------------------------------- the log

    static RunFailure invalidLine(String error) {
        return new RunFailure(
                "The child's cleanup log has a line that is not a valid record: " + error,
                "Expected one JSON object per line, with v, seq, t_ns and event (see docs/log-format.md); "
                        + "only a last line cut short by a kill may be incomplete.",
                "Fix the code that writes the log: write each record as one whole line, ending in a newline.",
                RunFailure.End.STOP);
    }

    static RunFailure unreadableVersion(String error) {
        return new RunFailure(
                "The child's cleanup log is in a format this signaltest does not read: " + error,
                "Expected records of log format " + LogLines.versions() + " (the \"v\" field of each record).",
                LogLines.versionAdvice(),
                RunFailure.End.STOP);
    }

    static RunFailure holdUnknown(LogRecord record) {
        return new RunFailure(
                "The child's runtime does not know the moment "
                        + record.text("moment").orElse("?") + " that signaltest asked it to hold at.",
                "Expected the runtime to understand every moment of this signaltest version.",
                "Use the same version of signaltest-runtime in the program as of signaltest-junit in the tests.",
                RunFailure.End.STOP,
                List.of(record));
    }

    // ---------------------------------------------------------------- the moment

    static RunFailure noLog(LiveRun run, String moment, long deadlineMillis) {
        return new RunFailure(
                "The child has run for " + deadlineMillis + " ms and written no cleanup log, so it cannot reach "
                        + moment + ".",
                "Expected the program to write the cleanup log at SIGNALTEST_LOG, which is how signaltest sees its "
                        + "tasks and holds it at " + moment + ".",
                "Test it one of three ways: (1) run its tasks with the signaltest runtime (TaskRunner, see "
                        + "docs/getting-started.md); (2) for a JVM program on java.util.concurrent executors, run it "
                        + "under the signaltest agent: @SignalTest(agent = true), or `check --agent`; (3) name the "
                        + "moment by a line it prints: @SignalTest(atOutput = \"...\"), or `check --at-output REGEX`. "
                        + "If it only starts slowly, raise the configuration parameter "
                        + SignalTest.LOG_TIMEOUT_PROPERTY + ".",
                RunFailure.End.DUMP_AND_STOP);
    }

    /** @param unsupportedExecutors the executors the agent saw used and cannot follow, each as "class (detail)" */
    static RunFailure agentSawNoExecutor(String moment, long deadlineMillis, List<String> unsupportedExecutors) {
        String unsupported = unsupportedExecutors.isEmpty()
                ? ""
                : " It saw the program run tasks on " + String.join(" and on ", unsupportedExecutors) + ".";
        return new RunFailure(
                "The child's run cannot reach " + moment + ": the agent saw no executor or semaphore in "
                        + deadlineMillis + " ms." + unsupported,
                "Expected the program to run its tasks on an executor the agent knows: "
                        + "java.util.concurrent.ThreadPoolExecutor and its subclasses (Executors.newFixedThreadPool, "
                        + "newCachedThreadPool, newScheduledThreadPool), or virtual threads limited by a "
                        + "java.util.concurrent.Semaphore (Java 21 or newer).",
                (unsupportedExecutors.isEmpty()
                                ? ""
                                : "Run those tasks on a ThreadPoolExecutor (Executors.newFixedThreadPool; for "
                                        + "CompletableFuture, pass it as the executor: supplyAsync(task, pool)), or "
                                        + "test the program as it is with atOutput. ")
                        + "For a program that runs its tasks another way, use atOutput (or atLogEvent) instead of "
                        + "at; if it only creates its executor late, raise the configuration parameter "
                        + SignalTest.LOG_TIMEOUT_PROPERTY + ".",
                RunFailure.End.DUMP_AND_STOP);
    }

    static RunFailure momentDeadline(LiveRun run, MomentWait.Waiting wait, long timeoutMillis) {
        return new RunFailure(
                "The child did not " + wait.goal() + " within " + timeoutMillis + " ms (the moment deadline).",
                "Expected it to " + wait.goal() + ", where " + run.signalName() + " was to be delivered.",
                "See the thread dump below (for a JVM) for where it waits; " + wait.todo()
                        + "; raise momentTimeoutMillis (or the configuration parameter "
                        + SignalTest.MOMENT_TIMEOUT_PROPERTY + ") only if the program is merely slow.",
                RunFailure.End.DUMP_AND_STOP);
    }

    /** The child has exited before the moment (the caller let its output drain): how, with the reason stderr gives. */
    static RunFailure exitedBefore(LiveRun run, MomentWait.Waiting wait) {
        int code = run.child.exitCode();
        Optional<StartFailure.Reason> cannotStart = StartFailure.of(
                code, String.join("\n", run.child.stderr().captured().tail()));
        if (cannotStart.isPresent()) {
            return new RunFailure(
                    "The program could not start: " + cannotStart.get().reason() + " (exit code " + code + ").",
                    "Expected it to start and " + wait.goal() + ", where " + run.signalName() + " was to be delivered.",
                    cannotStart.get().todo() + "; its stderr is below.",
                    RunFailure.End.STOP);
        }
        boolean noLog = run.log.recordCount() == 0 && run.invocation.moment() instanceof MomentTarget.RuntimeMoment;
        boolean noTask = run.log.tasksSeen() == 0 && run.log.runStarted().isPresent();
        String todo = noTask && code != 0
                ? "Read its stderr below: it ended before it ran any task, as a program does when it rejects its "
                        + "arguments or fails at start. Check the arguments in the command below (the test's args; "
                        + "with the console runner, --workload-args maps the workload options to the program's own, "
                        + "or drops them)."
                : "Read its stderr below; " + wait.todo() + ".";
        return new RunFailure(
                "The child exited with code " + code + " before " + wait.gerund()
                        + (noTask ? ", before it ran any task" : "") + ".",
                "Expected it to " + wait.goal() + ", where " + run.signalName() + " was to be delivered.",
                todo
                        + (noLog
                                ? " It wrote no cleanup log: moments named by `at` need a program on the signaltest "
                                        + "runtime or under the agent; for other programs, name the moment with "
                                        + "atOutput or atLogEvent."
                                : ""),
                RunFailure.End.STOP);
    }

    static RunFailure momentMissed(LiveRun run, LogRecord record) {
        String missed = record.text("moment").orElse("the moment");
        // The runtime says so at the start when the task count rules the moment out; the run then
        // goes on, and there is nothing to wait for. At the end of a run, the child exits by itself.
        boolean runOver = run.log.runFinished();
        if (runOver && run.repetition != null && !record.flag("unreachable")) {
            // One run of a series whose program ran past the moment (on a loaded machine its threads can run one
            // at a time, so that a slot never fills): that run tested nothing; the series' other runs do.
            return RunFailure.aborting(
                    "The child's run ended without reaching " + missed + " in this run of the series: the runtime "
                            + "logged moment_missed (" + record.text("detail").orElse("no detail") + "), so no "
                            + run.signalName() + " went out and this run tested nothing.",
                    "If many runs end this way, give the program more or longer tasks, so that its run passes "
                            + "through " + missed + " (" + MomentWait.describe(missed) + ") whatever the machine's "
                            + "load.");
        }
        return new RunFailure(
                "The child's run " + (runOver ? "ended without reaching " : "cannot reach ") + missed
                        + ": the runtime logged moment_missed ("
                        + record.text("detail").orElse("no detail") + ").",
                "Expected the run to pass through " + missed + ", where " + run.signalName() + " was to be delivered.",
                "Change the program's arguments so that its run passes through " + missed
                        + (missed.equals("DURING_CLEANUP")
                                ? " (a task must be running when the first signal lands)"
                                : " (" + MomentWait.describe(missed) + ")")
                        + ".",
                runOver ? RunFailure.End.LET_EXIT : RunFailure.End.STOP,
                List.of(record));
    }

    // ---------------------------------------------------------------- the signals

    static RunFailure ignored(LiveRun run, String evidence) {
        String name = run.signalName();
        String reset = Platform.defaultSignalsPrefix().isEmpty()
                ? " This machine's env does not support --default-signal (GNU coreutils 8.31 or newer), so the child "
                        + "inherited the test JVM's dispositions: the test JVM itself was started with " + name
                        + " ignored."
                : " signaltest started it through env --default-signal=" + Platform.DEFAULT_SIGNALS
                        + ", so the ignoring comes from the command under test itself.";
        return new RunFailure(
                "The child has " + name + " ignored (inherited as ignored), so " + name + " cannot reach it: "
                        + evidence + "." + reset,
                "Expected the child to have the default disposition of " + name + ", so that its handler runs.",
                "Remove what ignores " + name + " between the harness and the program (" + ignorers(run)
                        + "), or reset it right before Java starts: exec env --default-signal="
                        + run.invocation.signal().name() + " java ....",
                RunFailure.End.STOP);
    }

    /** What commonly ignores the scenario's signal: nohup ignores only SIGHUP, a background job of a script SIGINT. */
    private static String ignorers(LiveRun run) {
        String signal = run.invocation.signal().name();
        String trap = "a `trap '' " + signal + "` in a wrapper script";
        return switch (signal) {
            case "INT" -> trap + ", a job started with & by a non-interactive shell";
            case "HUP" -> trap + ", nohup";
            default -> trap;
        };
    }

    static RunFailure couldNotDeliver(LiveRun run, Signals.KillResult result, boolean toGroup) {
        return new RunFailure(
                "signaltest could not deliver " + run.signalName() + " to the child: " + result.detail(),
                "Expected kill to deliver the signal to pid " + run.programPid()
                        + (toGroup ? " (its process group)" : "") + ".",
                "Check that the test JVM may signal its children (same user, no seccomp or container policy "
                        + "that forbids kill).",
                RunFailure.End.DUMP_AND_STOP);
    }

    /** PID 1 of the program's namespace has no handler for the signal, and is not a shell with the program below. */
    static RunFailure droppedByNamespaceInit(LiveRun run, long init) {
        String name = run.signalName();
        String process = ProcessTree.read(init).map(ProcessTree.Proc::toString).orElse("pid " + init);
        return new RunFailure(
                name + " was to go to " + process + ", PID 1 of the program's PID namespace, which has no handler for "
                        + "it (/proc/" + init + "/status does not list it in SigCgt): the kernel drops a signal to a "
                        + "namespace's PID 1 that PID 1 does not handle, so the program would never get it. signaltest "
                        + "did not send it.",
                "Expected PID 1 to handle " + name + ", as a JVM does (unless started with -Xrs) and as docker stop "
                        + "needs: otherwise docker stop waits its grace and ends the container with SIGKILL, no "
                        + "cleanup run.",
                "Install a handler for " + name + " in the program (for Python, signal.signal(signal." + name
                        + ", handler)), do not start the JVM with -Xrs, or run an init that forwards signals as PID 1 "
                        + "(docker run --init, tini, dumb-init). See docs/launch-paths.md.",
                RunFailure.End.STOP);
    }

    static RunFailure noNamespaceInit(LiveRun run) {
        return new RunFailure(
                "signaltest found no process below unshare (pid " + run.child.pid() + ") to send " + run.signalName()
                        + " to: the program that should be PID 1 of its namespace.",
                "Expected the program to run below unshare as PID 1 of a new PID namespace (delivery = PID_1).",
                "Check that /proc of this machine shows the test JVM's children (/proc/<pid>/task/*/children); "
                        + "without it, use delivery = Delivery.PROCESS.",
                RunFailure.End.STOP);
    }

    static RunFailure hangsAfterSignal(LiveRun run) {
        Optional<RunFailure> kept = keptByTheShell(run, run.scenario.exitTimeoutMillis());
        if (kept.isPresent()) {
            return kept.get();
        }
        String receipt = run.log.runStarted().isPresent() && run.log.receipts() == 0
                ? " It did not even log receiving the signal."
                : "";
        return new RunFailure(
                "The child did not exit within " + run.scenario.exitTimeoutMillis() + " ms after " + run.signalName()
                        + " (it hangs after the signal)." + receipt,
                "Expected it to cancel its tasks, finish its cleanup and exit after " + run.signalName() + " at "
                        + run.momentName() + ".",
                "See the thread dump below (for a JVM) for the thread that does not finish: a task that ignores "
                        + "interruption, a cleanup that blocks, a non-daemon thread that keeps the JVM alive; raise "
                        + "exitTimeoutMillis (or the configuration parameter " + SignalTest.EXIT_TIMEOUT_PROPERTY
                        + ") only if the shutdown legitimately takes longer.",
                RunFailure.End.DUMP_AND_STOP);
    }

    /**
     * The finding of a signal that went to a shell and never reached the program below it ({@link #notForwarded}), when
     * that is what happened: the shell still runs, {@code waitedMillis} after the signal, with the program below it; or
     * it exited (its exit already noted, see {@link Waits#exited()}) while the program kept running. Empty otherwise.
     */
    static Optional<RunFailure> keptByTheShell(LiveRun run, long waitedMillis) {
        if (run.shellEntrypoint == null) {
            return Optional.empty();
        }
        boolean shellRunning = run.child.isAlive();
        List<ProcessTree.Proc> programs = shellRunning ? run.shellEntrypoint.running() : run.outlivedTheShell;
        return !programs.isEmpty() && programMissedTheSignal(run, programs)
                ? Optional.of(notForwarded(run, programs, shellRunning ? waitedMillis : -1))
                : Optional.empty();
    }

    /**
     * Whether the programs below a shell show no sign of the signal: a program that writes the log did not log
     * receiving it; without a log, only a JVM counts (it never runs as the shell's own helper), as evidence is missing.
     */
    private static boolean programMissedTheSignal(LiveRun run, List<ProcessTree.Proc> programs) {
        if (run.log.runStarted().isPresent()) {
            return run.log.receipts() == 0;
        }
        return programs.stream().anyMatch(ProcessTree.Proc::isJvm);
    }

    /**
     * The signal went to a shell that did not pass it on to the program below it ({@code sh -c "java ..."} without
     * {@code exec}, a start script): the shell still runs {@code shellRunningMillis} after the signal, or (-1) it
     * exited while the program kept running.
     */
    private static RunFailure notForwarded(LiveRun run, List<ProcessTree.Proc> programs, long shellRunningMillis) {
        boolean shellRunning = shellRunningMillis >= 0;
        String name = run.signalName();
        ProcessTree.Proc shell = run.shellEntrypoint.shell();
        String below = programs.stream().map(ProcessTree.Proc::toString).collect(Collectors.joining(", "));
        boolean logged = run.log.runStarted().isPresent();
        String silence = logged
                ? " and never logged signal_received"
                : " (it writes no cleanup log, so only its running shows that it did not end)";
        boolean init = run.scenario.delivery() == Delivery.PID_1;
        String happened = name + " went to " + shell
                + (init
                        ? ", a shell as PID 1 of the program's PID namespace; the kernel delivers a signal to a "
                                + "namespace's PID 1 only when it has a handler for it, and a shell without a trap has "
                                + "none, so the signal was dropped and never reached the program below it: "
                        : ", a shell, and never reached the program below it: ")
                + (shellRunning
                        ? "the shell did not forward it and was still running " + shellRunningMillis
                                + " ms later, and so was the program, "
                        : "the shell exited with code " + run.exitCode() + " without forwarding it, while the "
                                + "program kept running: ")
                + below + silence + "."
                + (shellRunning ? "" : " signaltest killed it as left behind.");
        return new RunFailure(
                happened,
                "Expected " + name + " to reach the program: the process that receives the signal (from signaltest, "
                        + "kill, docker stop or systemd) must be the program itself, or an init that forwards "
                        + "signals to it. A shell that waits for a command does not pass signals on.",
                (init ? PID_1_IN_A_CONTAINER : "")
                        + "Make the shell replace itself with the program: `exec java ...` as the last command of a "
                        + "start script, or sh -c 'exec java ...'. In a container, use the JSON (exec) form of the "
                        + "entrypoint, ENTRYPOINT [\"java\", ...], not the shell form, or run a signal-forwarding init "
                        + "such as tini or dumb-init (docker run --init). See docs/launch-paths.md.",
                RunFailure.End.STOP);
    }

    private static final String PID_1_IN_A_CONTAINER =
            "In a container the same shell is PID 1, and docker stop ends in SIGKILL after its grace, "
                    + "with no cleanup run. ";

    static RunFailure exitedAtTheMoment(LiveRun run, boolean outputMoment) {
        String buffered = outputMoment
                ? " If the line came only as the program exited, its output is buffered: flush after each line"
                        + " (for Python, run it with -u or print(..., flush=True))."
                : "";
        return new RunFailure(
                "The child exited with code " + run.exitCode() + " at " + run.momentName() + ", before "
                        + run.signalName() + " could be delivered.",
                "Expected it to still run at " + run.momentName() + " when the signal arrived.",
                "Read its output below: the program ends at that moment on its own; choose a moment at which it "
                        + "is still running." + buffered,
                RunFailure.End.STOP);
    }

    static RunFailure exitedBeforeAllSignals(LiveRun run, int delivered) {
        int repeat = run.scenario.repeat();
        return new RunFailure(
                "The child exited with code " + run.exitCode() + " after " + delivered + " of the " + repeat + " "
                        + run.signalName() + "s, so the other " + (repeat - delivered) + " could not be delivered.",
                "Expected it to still run when each signal arrived (repeat = " + repeat
                        + "; each signal goes out once the child logged the previous one).",
                "Give the scenario a shutdown that lasts until every signal has arrived (for example a cleanup that "
                        + "takes longer), or lower `repeat`.",
                RunFailure.End.STOP);
    }

    /** The run logged its end without reaching the hold at which the next repeated signal was due. */
    static RunFailure endedBeforeAllSignals(LiveRun run, int delivered, LogRecord missed) {
        int repeat = run.scenario.repeat();
        return new RunFailure(
                "The child's run ended after " + delivered + " of the " + repeat + " " + run.signalName()
                        + "s: it logged run_finished with no cleanup left in progress for the next one, so the other "
                        + (repeat - delivered) + " could not be delivered.",
                "Expected a cleanup to still be in progress when each signal was due (repeat = " + repeat + ").",
                "Read the log below: a signal that ends the cleanups at once (a \"force quit\") leaves nothing for "
                        + "the next one; lower `repeat` to test it.",
                RunFailure.End.LET_EXIT,
                List.of(missed));
    }

    // ---------------------------------------------------------------- the test

    // ---------------------------------------------------------------- jittered signals

    /**
     * A jittered signal after the first (the second SIGINT of DURING_CLEANUP) found the run over: the cleanups it was
     * to land in had ended, and the program logged no receipt of it.
     */
    static RunFailure laterSignalAfterTheRun(LiveRun run, LogRecord finished, int signal) {
        return RunFailure.aborting(
                "The program finished its run (run_finished #" + finished.seq() + ") before the jittered "
                        + run.signalName() + " number " + signal + " reached it, and logged no signal_received for it: "
                        + "the cleanups it was to land in were over, so this run tested no repeated signal.",
                "If many runs end this way, give the tasks longer cleanups, or a smaller jitterMillis, so that the "
                        + "later signals land while the cleanups still run.");
    }

    /** A jittered signal was due after the program had already exited: the run tested nothing. */
    static RunFailure exitedBeforeJitteredSignal(LiveRun run, int signal, long delayNanos) {
        return RunFailure.aborting(
                "The child exited with code " + run.exitCode() + " before the jittered " + run.signalName()
                        + (run.scenario.repeat() > 1 ? " number " + signal : "") + " went out, "
                        + RepeatedRuns.millis(java.time.Duration.ofNanos(delayNanos))
                        + " ms after the moment: this run tested no signal at that point.",
                "If many runs end this way, give the program more work after the moment (more or longer tasks), or a "
                        + "smaller jitterMillis, so that the signals land while it still runs.");
    }

    /** A jittered signal reached the program after its run had finished: the run tested no cancellation. */
    static RunFailure landedAfterTheRun(LiveRun run, LogRecord finished, Optional<LogRecord> received) {
        return RunFailure.aborting(
                "The program finished its run before it handled the jittered " + run.signalName() + " (run_finished #"
                        + finished.seq()
                        + received.map(r -> ", signal_received #" + r.seq())
                                .orElse(", not caused by a signal, and no signal_received: its handler had not run "
                                        + "when the run ended")
                        + "): its tasks were all done, so this run tested no cancellation.",
                "If many runs end this way, give the program more work after the moment (more or longer tasks), or a "
                        + "smaller jitterMillis, so that the signals land while it still runs.");
    }

    /** A child that holds its moment did not go on when told to, so no jittered signal can land past the moment. */
    static RunFailure holdNotReleased(LiveRun run) {
        return new RunFailure(
                "The child holds its state at " + run.momentName() + " and did not end the hold within "
                        + run.scenario.exitTimeoutMillis() + " ms of signaltest writing `release` on its standard "
                        + "input, so the jittered " + run.signalName() + " cannot land after the moment.",
                "Expected a hold_released record with reason harness, as the signaltest runtime writes when it reads "
                        + "`release` (docs/log-format.md, \"Holding at a moment\").",
                "Use the signaltest runtime, or have the program's own log writer end its hold on a `release` line "
                        + "when SIGNALTEST_CONTROL=stdin; or run this scenario without jitterMillis.",
                RunFailure.End.DUMP_AND_STOP);
    }

    static RunFailure interrupted() {
        return new RunFailure(
                "The test thread was interrupted while the child ran; signaltest killed the child.",
                "Expected the run to end on its own.",
                "Look for what interrupted the test (a @Timeout, an IDE stop); the run itself is below.",
                RunFailure.End.STOP);
    }
}
