package io.signaltest.junit.internal.run;

import io.signaltest.junit.Delivery;
import io.signaltest.junit.Repetition;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.process.ChildProcess;
import io.signaltest.junit.internal.process.NamespaceInit;
import io.signaltest.junit.internal.process.Progress;
import io.signaltest.junit.internal.service.ServiceSide;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run while it happens: what every step of the {@link Harness} shares. The invocation and its files, the child, its
 * log as the harness reads it, and the instants the harness itself saw, on the monotonic clock: the start, the moment,
 * each signal sent, the exit.
 */
final class LiveRun {

    final Invocation invocation;
    final Scenario scenario;
    final RunDirectory files;
    /** Woken by new output and log lines, so that a wait looks at once. */
    final Progress progress = new Progress();

    final LogWatch log;

    ChildProcess child;
    /** For {@link Delivery#PID_1}: the namespace's PID 1 as the test JVM sees it, once found; else -1. */
    private long namespaceInit = -1;

    long startNanos;
    volatile long momentNanos = -1;
    /** When each signal left, the first signal of DURING_CLEANUP included. */
    final List<Long> sentNanos = new ArrayList<>();
    /** How many of the tested signals (not the first of DURING_CLEANUP) have been sent. */
    int testedSent;

    long exitNanos = -1;
    /** What the child left running in its process group, killed when it exited. */
    List<String> leftBehind = List.of();

    /** The child as a shell with the program below it, when it was one as the first signal went out; else null. */
    ShellEntrypoint shellEntrypoint;
    /** The programs below such a shell that still ran when the shell exited. */
    List<io.signaltest.junit.internal.process.ProcessTree.Proc> outlivedTheShell = List.of();

    long stdoutLinesBeforeSignal;
    long stderrLinesBeforeSignal;

    /** The values of the placeholders of this run's command line, besides the run directory (a service's port). */
    Map<String, String> placeholders = Map.of();
    /** A service's side of the run, or null for another program. */
    ServiceSide service;

    /** Which run of a repeated scenario this is, or null for a scenario that runs once, at its moment. */
    Repetition repetition;
    /** How long after its moment each tested signal went out, when jittered. */
    final List<Long> delayNanos = new ArrayList<>();

    /** What the harness noticed that does not fail the run, for its report. */
    final List<String> warnings = new ArrayList<>();

    /** What the current wait for the moment looks for, or null outside such a wait. */
    MomentWait.Waiting waiting;
    /** The tested signals delivered while the harness waits for the hold of the next one, or 0. */
    int awaitingRepeatHoldAfter;

    LiveRun(Invocation invocation, RunDirectory files) {
        this.invocation = invocation;
        this.scenario = invocation.scenario();
        this.files = files;
        this.log = new LogWatch(this);
    }

    String signalName() {
        return invocation.signal().displayName();
    }

    String momentName() {
        return invocation.moment().displayName();
    }

    /**
     * The program's pid, which the signals go to: the child's, or for {@link Delivery#PID_1} the pid of the namespace's
     * PID 1 below {@code unshare} (the child's own pid once that has exited).
     */
    long programPid() {
        if (scenario.delivery() != Delivery.PID_1) {
            return child.pid();
        }
        if (namespaceInit < 0) {
            namespaceInit = NamespaceInit.find(child.pid()).orElse(-1);
        }
        return namespaceInit > 0 ? namespaceInit : child.pid();
    }

    /** The child's exit code, or -1 while it runs. */
    int exitCode() {
        return child.isAlive() ? -1 : child.exitCode();
    }
}
