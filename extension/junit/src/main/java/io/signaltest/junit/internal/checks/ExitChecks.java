package io.signaltest.junit.internal.checks;

import static io.signaltest.junit.internal.checks.CheckSupport.codeName;
import static io.signaltest.junit.internal.checks.CheckSupport.duration;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalRun;
import io.signaltest.runtime.protocol.LogEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The checks of how the program ended: its exit code, how long it took from the signal to the exit, and what it left
 * running. Each is a plain function from a run to a {@link CheckVerdict}.
 */
public final class ExitChecks {

    private ExitChecks() {}

    // ------------------------------------------------------------------------------ exit

    /** Nothing of the program's own processes (a helper, a daemon it spawned) was still running as it exited. */
    public static CheckVerdict leftNoProcessBehind(SignalRun run) {
        return leftNoProcessBehind(
                run,
                CheckVerdict.expecting("no process the program started to outlive it"),
                "program",
                "stop (and wait for) the processes the program starts before it exits: a process started with "
                        + "ProcessBuilder gets no signal of its own when only the program's pid is signalled, and in a "
                        + "container it is killed half done when the program's PID 1 ends");
    }

    /** {@code v} with a finding for each process the run left behind, naming the {@code program}; {@code hint} then. */
    static CheckVerdict leftNoProcessBehind(SignalRun run, CheckVerdict v, String program, String hint) {
        for (String process : run.processesLeftBehind()) {
            v.finding("still running after the " + program + " exited (signaltest killed it): " + process);
        }
        if (!v.passed()) {
            v.hint(hint);
        }
        return v;
    }

    public static CheckVerdict exitedWith(SignalRun run, int expected) {
        CheckVerdict v = CheckVerdict.expecting("the program to exit with code " + expected);
        if (run.exitCode() != expected) {
            v.finding("exit code " + codeName(run.exitCode()) + ", expected " + codeName(expected));
            explainExitCode(run, v);
        }
        return v;
    }

    public static CheckVerdict exitedWithOneOf(SignalRun run, int... accepted) {
        Objects.requireNonNull(accepted, "the accepted exit codes must not be null");
        if (accepted.length == 0) {
            throw new IllegalArgumentException("exitedWithOneOf needs at least one accepted exit code");
        }
        if (accepted.length == 1) {
            return exitedWith(run, accepted[0]);
        }
        String names = Arrays.stream(accepted).mapToObj(CheckSupport::codeName).collect(Collectors.joining(" or "));
        CheckVerdict v = CheckVerdict.expecting("the program to exit with code " + names);
        if (Arrays.stream(accepted).noneMatch(code -> code == run.exitCode())) {
            v.finding("exit code " + codeName(run.exitCode()) + ", expected " + names);
            explainExitCode(run, v);
        }
        return v;
    }

    public static CheckVerdict exitedWithSignalCode(SignalRun run) {
        int expected = run.signal().exitCode();
        CheckVerdict v = CheckVerdict.expecting("the program to exit with code " + expected
                + " (128 + " + run.signal().displayName() + "), the code of a program ended by "
                + run.signal().displayName());
        if (run.exitCode() != expected) {
            v.finding("exit code " + codeName(run.exitCode()) + ", expected " + expected + " (128 + "
                    + run.signal().displayName() + ")");
            explainExitCode(run, v);
            v.hint("after handling " + run.signal().displayName() + " and cleaning up, exit with 128 + the signal's "
                    + "number (the runtime's RunResult.exit() does); a program that returns normally exits with 0");
        }
        return v;
    }

    private static void explainExitCode(SignalRun run, CheckVerdict v) {
        CleanupLog log = run.log();
        Optional<LogRecord> exit = log.last(LogEvents.EXIT);
        Optional<LogRecord> finished = log.last(LogEvents.RUN_FINISHED);
        if (exit.isPresent()) {
            LogRecord e = exit.get();
            String chosenBy = e.text("chosen_by").orElse("?");
            OptionalLong logged = e.number("code");
            OptionalLong proposed = e.number("proposed_code");
            if (logged.isPresent() && logged.getAsLong() != run.exitCode()) {
                v.detail(
                        "the exit record (#" + e.seq() + ") says code " + logged.getAsLong() + ", chosen by the "
                                + chosenBy + ", but the process exited with " + run.exitCode() + ": something after it "
                                + "(a shutdown hook that halts, a wrapper script) changed the code",
                        e);
            } else {
                v.detail(
                        "the exit record (#" + e.seq() + ") says code " + run.exitCode() + ", chosen by the " + chosenBy
                                + (proposed.isPresent() && proposed.getAsLong() != run.exitCode()
                                        ? " (the runtime proposed " + proposed.getAsLong() + ")"
                                        : ""),
                        e);
            }
        } else if (finished.isPresent() && finished.get().number("exit_code").isPresent()) {
            LogRecord f = finished.get();
            long proposed = f.number("exit_code").getAsLong();
            if (proposed != run.exitCode()) {
                v.detail(
                        "the run ended (#" + f.seq() + ") proposing exit code " + proposed + ", but the process "
                                + "exited with " + run.exitCode()
                                + ": code after the run (a System.exit, a shutdown hook, "
                                + "a wrapper) chose another code",
                        f);
            }
        }
        log.last(LogEvents.HARNESS_GONE)
                .ifPresent(g ->
                        v.detail("the program saw its harness go away (#" + g.seq() + "): it exits with 125 then", g));
    }

    public static CheckVerdict shutDownWithin(SignalRun run, Duration limit) {
        CheckVerdict v =
                CheckVerdict.expecting("the program to have exited within " + duration(limit) + " of the signal");
        if (run.signalToExit().compareTo(limit) > 0) {
            CleanupLog log = run.log();
            List<LogRecord> marks = new ArrayList<>();
            log.firstSignal().ifPresent(marks::add);
            log.last(LogEvents.RUN_FINISHED).ifPresent(marks::add);
            log.last(LogEvents.EXIT).ifPresent(marks::add);
            v.finding(
                    "the program took " + duration(run.signalToExit()) + " from the signal to its exit, expected "
                            + "at most " + duration(limit),
                    marks);
        }
        v.hint("a program that finishes its current piece of work before it stops is killed by orchestrators that "
                + "wait only so long (docker stop: 10 s, Kubernetes: 30 s by default): stop the work at the signal, "
                + "and keep the cleanup short; the standard matrix's deadline is the configuration parameter "
                + "signaltest.shutdown.deadline.millis");
        return v;
    }
}
