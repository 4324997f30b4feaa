package io.signaltest.runtime;

import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What ends a run early. The first signal, a failing task under fail-fast, or the harness going away cancels the run:
 * it starts nothing more, the running tasks are interrupted at once (after a signal, outside the lock, so that the
 * first of them books its cleanup without waiting for the others' interrupts), and the queue is left to
 * {@link WriteOff}. A repeated signal is ignored (and the program's {@link IgnoredSignalListener} told, outside the
 * lock) or, under an escalating {@link RepeatPolicy}, escalates: the cleanups still running are abandoned. Signals
 * arrive on the JVM's signal dispatch thread; the harness's control channel (a release, the harness gone) on a thread
 * of its own. The code between a first signal and the interrupts avoids lambdas and string concatenation, whose first
 * use links a call site at the worst moment.
 */
final class Cancellation {

    // What cancelled a run, as RunResult.cancelCause() and the run_cancelling record name it
    static final String SIGNAL = "signal";
    static final String FAIL_FAST = "fail-fast";
    static final String HARNESS_GONE = "harness-gone";

    private static final StartedTask[] NO_ENTRIES = {};

    private final RunState run;
    private final TaskRunner config;
    private final RunLog log;
    private final Holds holds;
    private final WriteOff writeOff;
    private final ReentrantLock lock;
    private final Condition changed;
    private final Set<StartedTask> inBody;
    private final Set<StartedTask> inCleanup;

    Cancellation(RunState run, Holds holds, WriteOff writeOff) {
        this.run = run;
        this.config = run.config;
        this.log = run.log;
        this.holds = holds;
        this.writeOff = writeOff;
        this.lock = run.lock;
        this.changed = run.changed;
        this.inBody = run.inBody;
        this.inCleanup = run.inCleanup;
    }

    /** Handles one delivered signal (called on the JVM's signal dispatch thread). */
    void signal(String name, int number) {
        Runnable tellListener = null;
        StartedTask[] toInterrupt = NO_ENTRIES;
        lock.lock();
        try {
            run.signalCount++;
            String action;
            int escalateAfter = config.repeatPolicy().escalateAfterRepeats();
            if (run.finished) {
                action = "ignored-run-finished";
            } else if (run.cause == null) {
                action = "cancel";
            } else if (run.escalated) {
                action = "ignored-escalated";
            } else if (escalateAfter > 0 && run.signalCount - 1 >= escalateAfter) {
                action = "escalate";
            } else {
                action = inCleanup.isEmpty() && inBody.isEmpty() ? "ignored" : "ignored-during-cleanup";
            }
            log.signalReceived(name, number, run.signalCount, action);
            holds.releaseHold("signal");
            if (action.equals("cancel")) {
                run.signalName = name;
                run.signalNumber = number;
                toInterrupt = cancel(SIGNAL);
            } else if (action.equals("escalate")) {
                escalate("repeated-signal");
            } else if ((action.equals("ignored") || action.equals("ignored-during-cleanup"))
                    && config.ignoredSignalListener() != null) {
                tellListener = ignoredSignalCallback(name, inBody.size() + inCleanup.size());
            }
        } finally {
            lock.unlock();
        }
        // Without the lock: the first task to wake books the start of its cleanup at once, even
        // while this thread, on a busy machine, waits for a CPU between two interrupts.
        interruptBodies(toInterrupt);
        wakeWaitersBehindBookings();
        if (tellListener != null) {
            tellListener.run(); // outside the lock: the program's listener may take its time
        }
    }

    /** The harness released the hold in force (its control channel). */
    void released() {
        lock.lock();
        try {
            holds.releaseHold("harness");
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The process that started this one, the harness, is gone: the run is cancelled (its control channel). */
    void harnessGone() {
        lock.lock();
        try {
            log.harnessGone();
            holds.releaseHold("harness-gone");
            if (run.cause == null && !run.finished) {
                cancelNow(HARNESS_GONE);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@link #cancel} and {@link #interruptBodies}, under the lock. */
    void cancelNow(String why) {
        interruptBodies(cancel(why));
    }

    /**
     * Cancels the run and returns the tasks in their body, for the caller to interrupt with {@link #interruptBodies} at
     * once (under the lock, or right after releasing it). A slot asking the source is interrupted here. The write-off
     * of the tasks that never started is only marked here and left to the run's own thread ({@link WriteOff}), so that
     * it does not stand between the signal and the first cleanup. The caller also wakes the threads waiting on
     * {@link RunState#changed}.
     */
    private StartedTask[] cancel(String why) {
        log.runCancelling(why, run);
        run.cause = why;
        StartedTask[] running = new StartedTask[inBody.size()];
        int i = 0;
        for (StartedTask e : inBody) {
            e.cancelRequested = true;
            e.closeOnCancel.closeAll(); // a read that ignores interrupts ends when its source closes
            running[i++] = e;
        }
        if (run.puller != null) {
            run.puller.interrupt();
        }
        writeOff.begin();
        return running;
    }

    /** Interrupts each of {@code entries} still in its body; with or without the lock. */
    private static void interruptBodies(StartedTask[] entries) {
        for (StartedTask e : entries) {
            e.interruptBody();
        }
    }

    /**
     * Wakes the threads waiting on {@link RunState#changed} (the run's own thread, a slot held at a moment) after a
     * signal was handled, in a critical section of its own: a woken thread queues for the lock, and the interrupted
     * tasks that queued for it meanwhile, to book the start of their cleanups, then go first, instead of waiting until
     * each of those threads has been scheduled, taken the lock and found nothing to do.
     */
    private void wakeWaitersBehindBookings() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Runnable ignoredSignalCallback(String name, int cleaningUp) {
        return () -> {
            try {
                config.ignoredSignalListener().signalIgnored(name, cleaningUp);
            } catch (Throwable t) {
                log.ignoredSignalListenerFailed(t);
            }
        };
    }

    /** Gives up on the cleanups still running (an escalating {@link RepeatPolicy}): the run ends without them. */
    void escalate(String why) {
        run.escalated = true;
        log.escalated(why, run.signalCount);
        for (Set<StartedTask> set : List.of(inBody, inCleanup)) {
            for (StartedTask e : set) {
                e.abandoned = true;
                log.cleanupAbandoned(e, why);
            }
        }
        changed.signalAll();
    }
}
