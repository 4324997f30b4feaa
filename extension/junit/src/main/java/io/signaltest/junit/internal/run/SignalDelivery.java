package io.signaltest.junit.internal.run;

import io.signaltest.junit.Delivery;
import io.signaltest.junit.Repetition;
import io.signaltest.junit.Signal;
import io.signaltest.junit.internal.process.Signals;
import io.signaltest.runtime.protocol.HarnessEnvironment;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Delivering the scenario's signals, as the OS does it ({@code kill} to the child, to its process group, or to its
 * namespace's PID 1), and pacing repeated ones: each further signal goes out once the child holds a cleanup in progress
 * for it (a child that arms those holds) or once it logged the previous one (a log written without holds), so that the
 * kernel never merges two pending signals into one.
 */
final class SignalDelivery {

    private final LiveRun run;
    private final Waits waits;
    /** Whether the moment was a line of output, for the message of a child that exits there. */
    private java.util.function.BooleanSupplier outputMoment = () -> false;

    SignalDelivery(LiveRun run, Waits waits) {
        this.run = run;
        this.waits = waits;
    }

    /** Tells the messages whether the moment was a line of output. */
    void outputMoment(java.util.function.BooleanSupplier matched) {
        this.outputMoment = matched;
    }

    /** Delivers the tested signals, {@code repeat} of them, each paced as the child allows. */
    void deliverAll() throws InterruptedException {
        int repeat = run.scenario.repeat();
        for (int i = 1; i <= repeat; i++) {
            if (!jitter(i)) {
                return; // the child exited after a jittered signal, before the next one was due
            }
            if (!run.child.isAlive() || !trySend()) {
                if (jittered()) { // the kill raced the child's exit after its delay
                    if (run.testedSent > 0) {
                        return;
                    }
                    if (run.delayNanos.size() > run.testedSent) {
                        run.delayNanos.remove(run.delayNanos.size() - 1); // not sent after all
                    }
                    waits.exited();
                    throw RunFailures.exitedBeforeJitteredSignal(
                            run, i, run.repetition.delay(i).toNanos());
                }
                throw i == 1
                        ? RunFailures.exitedAtTheMoment(run, outputMoment.getAsBoolean())
                        : RunFailures.exitedBeforeAllSignals(run, i - 1);
            }
            run.testedSent++;
            boolean logged = run.log.runStarted().isPresent();
            if (logged && i < repeat && childHoldsRepeats()) {
                awaitRepeatHold(i);
            } else if (logged && i < repeat) {
                int sent = run.sentNanos.size();
                boolean received =
                        waits.await(() -> run.log.receipts() >= sent, run.scenario.exitTimeoutMillis(), true);
                if (!received && run.child.isAlive()) {
                    throw RunFailures.hangsAfterSignal(run);
                }
            }
        }
    }

    /**
     * For a jittered run ({@code jitterMillis}): lets a child that holds its state go on ({@code release}), then waits
     * the run's delay for the {@code n}th tested signal, counted from the end of the hold (from the moment, for a child
     * that does not hold). Returns false when the child exited during the delay after an earlier tested signal went
     * out: the run is over, with the signals it got.
     *
     * @throws RunFailure that aborts the run, when the child exited before any tested signal went out
     */
    private boolean jittered() {
        return run.repetition != null && run.repetition.jittered();
    }

    private boolean jitter(int n) throws InterruptedException {
        Repetition repetition = run.repetition;
        if (!jittered() || !run.child.isAlive()) {
            return true;
        }
        long from = System.nanoTime();
        if (run.log.holding()) {
            release();
            // counted from the child's own record of the end of its hold, not from when the harness read it
            from = run.log.lastHarnessReleaseNanos().orElseGet(System::nanoTime);
        }
        long delay = repetition.delay(n).toNanos();
        long due = from + delay;
        long left;
        while ((left = due - System.nanoTime()) > 0 && run.child.isAlive()) {
            run.child.awaitExit(left); // the delay is the scenario: the signal's place after the moment
        }
        if (run.child.isAlive()) {
            run.delayNanos.add(delay);
            return true;
        }
        if (run.testedSent > 0) {
            return false;
        }
        waits.exited();
        throw RunFailures.exitedBeforeJitteredSignal(run, n, delay);
    }

    /** Tells a child that holds its state to go on, and waits until its log says it has. */
    private void release() throws InterruptedException {
        int before = run.log.harnessReleases();
        try {
            run.child.control(HarnessEnvironment.RELEASE);
        } catch (java.io.IOException e) {
            if (run.child.isAlive()) {
                throw RunFailures.holdNotReleased(run);
            }
            return;
        }
        boolean released =
                waits.await(() -> run.log.harnessReleases() > before, run.scenario.exitTimeoutMillis(), false);
        if (!released && run.child.isAlive()) {
            throw RunFailures.holdNotReleased(run);
        }
    }

    /**
     * Sends one signal; before the first, checks that the child does not ignore it.
     *
     * @throws RunFailure when the child had exited by then, or the signal could not be delivered
     */
    void send() {
        if (!trySend()) {
            throw run.testedSent == 0
                    ? RunFailures.exitedAtTheMoment(run, outputMoment.getAsBoolean())
                    : RunFailures.exitedBeforeAllSignals(run, run.testedSent);
        }
    }

    /**
     * Sends one signal, as {@link #send()}; false when the child had exited by then. A child can be gone for the kernel
     * (reaped: {@code kill} finds no such process) a moment before {@link Process#isAlive()} says so, while the JDK's
     * reaper thread records its exit: then this waits for the JDK to catch up, within the exit deadline.
     */
    boolean trySend() {
        Signal signal = run.invocation.signal();
        long target = run.programPid();
        if (run.scenario.delivery() == Delivery.PID_1 && target == run.child.pid()) {
            if (!run.child.isAlive()) {
                return false;
            }
            throw RunFailures.noNamespaceInit(run); // never signal unshare: it passes nothing on
        }
        if (run.sentNanos.isEmpty()) {
            checkNotIgnored(signal, target);
            if (run.scenario.delivery() != Delivery.PROCESS_GROUP) { // to the group, the program gets it itself
                run.shellEntrypoint = ShellEntrypoint.of(target).orElse(null);
            }
            if (run.scenario.delivery() == Delivery.PID_1
                    && run.shellEntrypoint == null
                    && !Signals.catches(target, signal).orElse(true)) {
                throw RunFailures.droppedByNamespaceInit(run, target); // the kernel would drop it
            }
            run.stdoutLinesBeforeSignal = run.child.stdout().lineCount();
            run.stderrLinesBeforeSignal = run.child.stderr().lineCount();
        }
        long before = System.nanoTime();
        // Every child leads its own group (see Supervisor); only PROCESS_GROUP delivery signals all of it.
        boolean toGroup = run.scenario.delivery() == Delivery.PROCESS_GROUP;
        Signals.KillResult result = Signals.send(signal, target, toGroup);
        if (!result.delivered()) {
            boolean reaped = ProcessHandle.of(target).isEmpty();
            if (reaped) {
                try {
                    run.child.awaitExit(TimeUnit.MILLISECONDS.toNanos(run.scenario.exitTimeoutMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the run's end sees it
                }
            }
            if (!run.child.isAlive()) {
                return false;
            }
            throw RunFailures.couldNotDeliver(run, result, toGroup);
        }
        run.sentNanos.add(before);
        return true;
    }

    /** Waits for the child to exit after the last signal. */
    void awaitExit() throws InterruptedException {
        waits.await(() -> false, run.scenario.exitTimeoutMillis(), true);
        if (run.child.isAlive()) {
            throw RunFailures.hangsAfterSignal(run);
        }
        Optional<RunFailure> kept = RunFailures.keptByTheShell(run, -1);
        if (kept.isPresent()) {
            throw kept.get();
        }
    }

    private void checkNotIgnored(Signal signal, long target) {
        if (run.log.runStarted().isPresent()) {
            return; // checked against the runtime's own report, as the log is read
        }
        if (Signals.ignores(target, signal).orElse(false)) {
            throw RunFailures.ignored(run, "/proc/" + target + "/status lists it in SigIgn");
        }
    }

    /**
     * Whether the child arms a DURING_CLEANUP hold for every repeated signal: its {@code run_started} lists them among
     * its holds. A log written without holds gets each next signal once the previous one is logged instead.
     */
    private boolean childHoldsRepeats() {
        long cleanupHoldsArmed =
                run.log.holds().stream().filter("DURING_CLEANUP"::equals).count();
        return cleanupHoldsArmed >= run.invocation.repeatHoldsBefore(run.scenario.repeat());
    }

    /** Waits until the child holds a cleanup in progress for the signal after the {@code delivered}th. */
    private void awaitRepeatHold(int delivered) throws InterruptedException {
        int needed = run.invocation.repeatHoldsBefore(delivered + 1);
        run.awaitingRepeatHoldAfter = delivered;
        boolean held = waits.await(() -> run.log.cleanupHolds() >= needed, run.scenario.exitTimeoutMillis(), true);
        run.awaitingRepeatHoldAfter = 0;
        if (!held && run.child.isAlive()) {
            throw RunFailures.hangsAfterSignal(run);
        }
    }
}
