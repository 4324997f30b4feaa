package io.signaltest.agent.internal;

import java.util.concurrent.Semaphore;

/**
 * Virtual threads limited by a {@code Semaphore} (Java 21 or newer), as the cleanup log books them: the permits are the
 * slots, a thread waiting in {@code acquire()} is a queued task, {@code acquire()} returning is its start and
 * {@code release()} its end. Nothing here keeps a thread from its permit after the signal: a thread that the program
 * interrupted and that acquires a permit all the same starts, and the log says so.
 */
final class SemaphoreEvents {

    private SemaphoreEvents() {}

    /** {@code Semaphore.acquire} is entered; on a virtual thread, a task waits for a slot. */
    static void acquiring(AgentState s, Semaphore semaphore) {
        Thread thread = Thread.currentThread();
        synchronized (s.lock) {
            Tracked.Executor executor = Ledger.semaphore(s, semaphore);
            Tracked.Task again = s.tasks.get(thread);
            if (again != null) {
                // the same task waits again: its acquire was interrupted, and it tries once more
                again.retriedAfterInterrupt |= again.interruptDelivered;
                return;
            }
            if (!s.anyStarted && Holds.armed(s, "BEFORE_START") && Holds.follows(s, executor)) {
                Holds.reach(s, "BEFORE_START", executor, null);
            }
            if (s.held) {
                Tracked.Task waiting = new Tracked.Task(s.nextTaskId++, executor, TaskNames.threadName(thread));
                s.waitingAtHold.put(thread, waiting);
                Holds.gate(s);
                s.waitingAtHold.remove(thread);
                if (!s.active || s.finished) {
                    return;
                }
                if (s.tasks.get(thread) != waiting) { // the hold ended by its deadline, not by a signal
                    s.tasks.put(thread, waiting);
                    executor.queued++;
                    Ledger.logQueued(s, waiting);
                }
                Holds.evaluate(s, executor);
                return;
            }
            if (s.active && !s.finished) {
                Ledger.queue(s, thread, executor, TaskNames.threadName(thread));
                Holds.evaluate(s, executor);
            }
        }
    }

    /** {@code Semaphore.acquire} returns: the task has its slot and starts. */
    static void acquired(AgentState s) {
        Thread thread = Thread.currentThread();
        synchronized (s.lock) {
            Tracked.Task t = s.tasks.get(thread);
            if (t == null || t.state != Tracked.State.QUEUED) {
                return;
            }
            Holds.gate(s);
            if (!s.active || s.finished) {
                return;
            }
            // The program's shutdownNow interrupts its threads one by one: a waiting thread it had not reached yet
            // may take a permit that a cancelled task released. That is the JDK's order, not the program's choice;
            // a thread that got its interrupt and waited again is the program's.
            boolean stopping = t.cancelledWhileQueued != null && !t.retriedAfterInterrupt;
            t.cancelledWhileQueued = null;
            Ledger.start(s, t, thread, stopping);
        }
    }

    /** {@code Semaphore.release}: on a virtual thread that holds a slot, its task has ended. */
    static void releasing(AgentState s) {
        Thread thread = Thread.currentThread();
        synchronized (s.lock) {
            Tracked.Task t = s.tasks.get(thread);
            if (t == null || t.state != Tracked.State.RUNNING) {
                return;
            }
            Holds.gate(s);
            if (Holds.reachDuringCleanup(s, t)) {
                Holds.gate(s); // held here, with this cleanup still in progress, until the next signal
            }
            if (s.active && !s.finished) {
                Ledger.end(s, thread, t, null);
            }
        }
    }

    /**
     * A virtual-thread-per-task executor's {@code shutdownNow}: it interrupts every thread, so the running tasks'
     * cleanups begin, and the tasks waiting for a permit are cancelled (booked once they have surely not started: at
     * the JVM's end).
     */
    static void virtualShutdownNow(AgentState s) {
        Thread from = Thread.currentThread();
        synchronized (s.lock) {
            boolean busy = false;
            for (Tracked.Task t : s.tasks.values()) {
                busy |= t.executor.pool == null;
            }
            if (!busy) {
                return;
            }
            Ledger.programCancels(s, "shutdownNow", from);
            for (Tracked.Task t : s.tasks.values()) {
                if (t.executor.pool == null && t.state == Tracked.State.QUEUED && t.cancelledWhileQueued == null) {
                    t.cancelledWhileQueued = "shutdownNow";
                }
            }
            Ledger.cleanupBeginsForAll(s, null, "shutdownNow", from);
        }
    }

    static boolean onVirtualThread() {
        return Thread.currentThread().getClass().getName().equals("java.lang.VirtualThread");
    }
}
