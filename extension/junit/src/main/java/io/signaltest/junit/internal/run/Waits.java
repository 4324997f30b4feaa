package io.signaltest.junit.internal.run;

import io.signaltest.junit.LogRecord;
import io.signaltest.junit.internal.process.ProcessGroup;
import io.signaltest.junit.internal.process.ProcessTree;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one way the harness waits: until what it waits for has come, the child has exited, or the deadline has passed,
 * reading the log and the output as they come. Nothing is paced by a sleep: the wait wakes on new output, new log lines
 * or the exit, and looks at least every {@value #POLL_MILLIS} ms (the wait for the log's first records every
 * {@value #EMPTY_LOG_POLL_MILLIS} ms while it is empty). The deadline only ever fails the run.
 */
final class Waits {

    /** The longest the harness sleeps between two looks at the log. */
    static final long POLL_MILLIS = 2;
    /**
     * The longest between two looks while the log is still empty (the child's JVM is starting): nothing can be missed
     * then, and a look every {@value #POLL_MILLIS} ms through a start of a few hundred milliseconds costs the test JVM
     * more than the look that sees the first record a few milliseconds late.
     */
    static final long EMPTY_LOG_POLL_MILLIS = 8;
    /** How long a program below an exited shell has to show that it got the signal before it is killed. */
    static final long SHELL_EXIT_GRACE_MILLIS = 1_000;
    /**
     * How long the output pumps may take to drain after the child exited and what it left in its process group was
     * killed; only a descendant that left the group can hold the pipes that long.
     */
    private static final long OUTPUT_DRAIN_MILLIS = 2_000;

    private final LiveRun run;

    Waits(LiveRun run) {
        this.run = run;
    }

    /**
     * Waits until {@code reached}, the child's exit or the deadline. Returns whether {@code reached} became true.
     *
     * @param wakeOnExit wake only when the child exits (after a signal), not on each new line of output
     */
    boolean await(BooleanSupplier reached, long timeoutMillis, boolean wakeOnExit) throws InterruptedException {
        return await(reached, timeoutMillis, wakeOnExit, POLL_MILLIS);
    }

    /**
     * Waits as {@link #await} does for the first records of the log, looking at it less often while it is still empty
     * (up to every {@value #EMPTY_LOG_POLL_MILLIS} ms). Only for what the log alone shows: a wait whose look does more
     * (a service's readiness probe, its requests while it drains) keeps its pace.
     */
    boolean awaitFirstRecords(BooleanSupplier reached, long timeoutMillis) throws InterruptedException {
        return await(reached, timeoutMillis, false, EMPTY_LOG_POLL_MILLIS);
    }

    private boolean await(BooleanSupplier reached, long timeoutMillis, boolean wakeOnExit, long longestWhileEmptyMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long shortest = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
        long longestWhileEmpty = TimeUnit.MILLISECONDS.toNanos(longestWhileEmptyMillis);
        long poll = shortest;
        while (true) {
            readLog();
            if (reached.getAsBoolean()) {
                return true;
            }
            if (!run.child.isAlive()) {
                exited();
                return reached.getAsBoolean();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long wait = Math.min(poll, left);
            if (wakeOnExit) {
                run.child.awaitExit(wait);
            } else {
                run.progress.await(wait);
            }
            poll = run.log.recordCount() == 0 ? Math.min(2 * poll, longestWhileEmpty) : shortest;
        }
    }

    /** The child has exited: note when, let the output drain, and read the rest of the log. */
    void exited() {
        if (run.exitNanos < 0) {
            run.exitNanos = System.nanoTime();
            if (run.service != null) {
                run.service.checkPortAtExit(); // before what the child left behind is killed
            }
            if (run.shellEntrypoint != null) {
                run.outlivedTheShell = outlivedTheShell(); // before they are killed as left behind
            }
            run.leftBehind = run.child.killLeftovers().stream()
                    .map(ProcessGroup.Member::toString)
                    .toList();
            run.child.awaitOutput(OUTPUT_DRAIN_MILLIS);
        }
        readLog();
    }

    /**
     * The programs below the child's shell still running after it exited. A shell that passed the signal on and exited
     * without waiting leaves a program that got it but may not have logged it yet: such a program gets
     * {@value #SHELL_EXIT_GRACE_MILLIS} ms to log its receipt or exit before it counts as never having heard of it.
     */
    private List<ProcessTree.Proc> outlivedTheShell() {
        List<ProcessTree.Proc> running = run.shellEntrypoint.running();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHELL_EXIT_GRACE_MILLIS);
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            readLog();
            if (run.log.receipts() > 0) {
                break;
            }
            try {
                run.progress.await(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            running = run.shellEntrypoint.running();
        }
        return running;
    }

    /** Waits, within the exit deadline, for a child that has logged the end of its run to exit. */
    void awaitExitQuietly() {
        try {
            run.child.awaitExit(TimeUnit.MILLISECONDS.toNanos(run.scenario.exitTimeoutMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads what the child logged since the last look. A moment the child's run says it missed ends the wait: as an
     * early exit when the program ended before it ran any task (its exit says more than the moment it missed), as a
     * repeated signal that came too late when the harness waited for the hold of the next one, and as the missed moment
     * otherwise.
     */
    private void readLog() {
        run.log.poll();
        Optional<LogRecord> missed = run.log.missedMoment();
        if (missed.isEmpty()) {
            return;
        }
        if (run.log.runFinished() && run.log.tasksSeen() == 0 && run.waiting != null) {
            MomentWait.Waiting wait = run.waiting;
            run.waiting = null;
            run.log.forgetMissedMoment();
            awaitExitQuietly(); // the log ends as the JVM exits; its exit follows
            if (!run.child.isAlive()) {
                exited();
                throw RunFailures.exitedBefore(run, wait);
            }
        }
        if (run.log.missedMoment().isPresent()) {
            throw run.awaitingRepeatHoldAfter > 0
                    ? RunFailures.endedBeforeAllSignals(run, run.awaitingRepeatHoldAfter, missed.get())
                    : RunFailures.momentMissed(run, missed.get());
        }
    }
}
