package io.signaltest.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A started task's way from its body to the end of its cleanup: the bookings under the lock when the body ends and when
 * the cleanup ends (each taken ahead of the write-off, passing the hold gate first), the cleanup itself shielded from
 * cancellation interrupts, the registered resources closed after it, and the cleanup deadline. Apart because this is
 * what the runtime promises a program: every started task's cleanup runs to the end, whatever signals come.
 */
final class Cleanup {

    private final RunState run;
    private final TaskRunner config;
    private final RunLog log;
    private final Holds holds;
    private final WriteOff writeOff;
    private final Cancellation cancellation;
    private final RunOutcomes outcomes;
    private final long cleanupDeadlineNanos;
    private final ReentrantLock lock;
    private final Condition changed;
    private final Set<StartedTask> inBody;
    private final Set<StartedTask> inCleanup;

    Cleanup(RunState run, Holds holds, WriteOff writeOff, Cancellation cancellation, RunOutcomes outcomes) {
        this.run = run;
        this.config = run.config;
        this.log = run.log;
        this.holds = holds;
        this.writeOff = writeOff;
        this.cancellation = cancellation;
        this.outcomes = outcomes;
        this.cleanupDeadlineNanos = config.cleanupDeadline().toNanos();
        this.lock = run.lock;
        this.changed = run.changed;
        this.inBody = run.inBody;
        this.inCleanup = run.inCleanup;
    }

    /**
     * Runs a started task on its slot thread: its body, then, booked under the lock, the start of its cleanup, then the
     * cleanup and the registered resources without the lock and shielded from interrupts, then, booked again, its end.
     * Called without the lock.
     */
    void run(StartedTask e) {
        Throwable bodyError = null;
        if (e.cancelRequested) {
            // cancelled while it took a task ahead from the source, which may have eaten the interrupt
            Thread.currentThread().interrupt();
        }
        try {
            e.task.body().run(e);
        } catch (Throwable t) {
            bodyError = t;
        }
        writeOff.lockForBooking();
        try {
            holds.awaitGate();
            inBody.remove(e);
            e.leaveBody();
            inCleanup.add(e);
            if (e.cancelRequested) {
                outcomes.settle(e, TaskState.CANCELLED);
                e.cancelDetail = bodyError;
            } else if (bodyError != null) {
                outcomes.settle(e, TaskState.FAILED);
                e.failure = bodyError;
            } else {
                outcomes.settle(e, TaskState.COMPLETED);
            }
            e.cleanupStarted = System.nanoTime();
            e.cleanupDeadline = e.cleanupStarted + cleanupDeadlineNanos;
            changed.signalAll(); // the run's own thread now has a deadline to watch (watchDeadlines)
            log.cleanupStarted(e);
            if (e.state == TaskState.FAILED && config.failFast() && run.cause == null) {
                cancellation.cancelNow(Cancellation.FAIL_FAST);
            }
            if (run.cause != null) {
                holds.reach(Moment.DURING_CLEANUP);
            } else {
                holds.reachStateMoment();
            }
        } finally {
            lock.unlock();
        }
        Thread.interrupted(); // cleanup is shielded: a cancellation interrupt must not reach it

        Throwable cleanupError = null;
        try {
            e.task.cleanup().cleanup(e);
        } catch (Throwable t) {
            cleanupError = t;
        }
        cleanupError = closeResources(e, cleanupError);
        Thread.interrupted();

        writeOff.lockForBooking();
        try {
            holds.awaitGate();
            if (run.cause != null) {
                // A cleanup that is about to be booked as ended is still in progress: a repeated
                // signal armed here lands during it, however fast the cleanup ran.
                holds.reach(Moment.DURING_CLEANUP);
            }
            inCleanup.remove(e);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - e.cleanupStarted);
            if (cleanupError == null) {
                log.cleanupFinished(e, ms);
            } else {
                e.cleanupFailure = cleanupError;
                log.cleanupFailed(e, ms, cleanupError);
            }
            log.taskEnded(e);
            e.phase = StartedTask.Phase.DONE;
            outcomes.ended(e);
            run.occupied--;
            holds.reachStateMoment();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Throwable closeResources(StartedTask e, Throwable cleanupError) {
        List<StartedTask.Resource> resources;
        synchronized (e.resources) {
            resources = new ArrayList<>(e.resources);
            e.resources.clear();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            StartedTask.Resource r = resources.get(i);
            try {
                r.resource.close();
                log.resourceClosed(e.id, r.description);
            } catch (Throwable t) {
                log.resourceCloseFailed(e.id, r.description, t);
                if (cleanupError == null) {
                    cleanupError = t;
                } else {
                    cleanupError.addSuppressed(t);
                }
            }
        }
        return cleanupError;
    }

    /**
     * Logs each cleanup that has run past its deadline, once, and escalates if the {@link RepeatPolicy} says so;
     * returns {@code wait} shortened to the nearest deadline still ahead. Called by the run's own thread, under the
     * lock.
     */
    long watchDeadlines(long now, long wait) {
        for (StartedTask e : run.escalated ? Set.<StartedTask>of() : inCleanup) {
            if (e.overran) {
                continue;
            }
            long left = e.cleanupDeadline - now;
            if (left <= 0) {
                e.overran = true;
                log.cleanupOverrun(e, config.cleanupDeadline().toMillis());
                if (config.repeatPolicy().escalatesAtDeadline()) {
                    cancellation.escalate("cleanup-deadline");
                    break;
                }
            } else {
                wait = Math.min(wait, left);
            }
        }
        return wait;
    }
}
