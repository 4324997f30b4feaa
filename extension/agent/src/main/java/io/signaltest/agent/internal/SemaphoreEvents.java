package io.signaltest.agent.internal;

import static io.signaltest.agent.internal.Holds.*;
import static io.signaltest.agent.internal.Ledger.*;
import static io.signaltest.agent.internal.TaskNames.*;

import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Virtual threads limited by a {@code Semaphore} (Java 21 or newer), as the cleanup log books them: the permits are the
 * slots, a thread waiting in {@code acquire()} is a queued task.
 */
final class SemaphoreEvents {

    /** {@code Semaphore.acquire} is entered; on a virtual thread, a task waits for a slot. */
    static void acquiring(Semaphore semaphore) {
        if (!active || !onVirtualThread()) {
            return;
        }
        synchronized (LOCK) {
            Tracked.Executor executor = semaphore(semaphore);
            if (!anyStarted && armed("BEFORE_START")) {
                reach("BEFORE_START", executor);
            }
            boolean wasHeld = gate();
            Thread thread = Thread.currentThread();
            if ((wasHeld || releasedBySignal) && cancelled && !TASKS.containsKey(thread)) {
                // Held at the moment, or started late because the hold kept the program from starting it,
                // this thread would race the program's cancellation: it goes on once it is interrupted
                // (then its acquire throws, and it never starts), as it would have.
                awaitInterruptOf(thread);
                if (thread.isInterrupted() && active) {
                    // the program cancelled it before it could wait for a permit: it never starts
                    Tracked.Task t = new Tracked.Task(nextTaskId++, executor, threadName(thread));
                    logQueued(t);
                    log.write(
                            LogEvents.TASK_CANCELLED_BEFORE_START,
                            "task",
                            t.id,
                            "was",
                            "queued",
                            "by",
                            "interrupt",
                            "executor",
                            executor.label);
                    cancelledBeforeStart++;
                    return;
                }
            }
            if (active && !TASKS.containsKey(thread)) {
                Tracked.Task t = new Tracked.Task(nextTaskId++, executor, threadName(thread));
                TASKS.put(thread, t);
                executor.queued++;
                logQueued(t);
                evaluate(executor);
            }
        }
    }

    /** {@code Semaphore.acquire} returns: the task has its slot and starts. */
    static void acquired(Semaphore semaphore) {
        if (!active || !onVirtualThread()) {
            return;
        }
        synchronized (LOCK) {
            Tracked.Task t = TASKS.get(Thread.currentThread());
            if (t == null || t.state != Tracked.State.QUEUED) {
                return;
            }
            gate();
            start(t, Thread.currentThread());
        }
    }

    /** {@code Semaphore.release}: on a virtual thread that holds a slot, its task has ended. */
    static void releasing(Semaphore semaphore) {
        if (!active || !onVirtualThread()) {
            return;
        }
        synchronized (LOCK) {
            Object thread = Thread.currentThread();
            Tracked.Task t = TASKS.get(thread);
            if (t == null || t.state != Tracked.State.RUNNING) {
                return;
            }
            gate();
            holdBeforeCleanupEnds(t);
            if (active) {
                end(thread, t, null);
            }
        }
    }

    /**
     * A virtual-thread-per-task executor's {@code shutdownNow}: it interrupts every thread, so the tasks still waiting
     * for a permit never start.
     */
    static void virtualShutdownNow() {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            if (!cancelled) {
                cancel("shutdownNow", null);
            }
            List<Map.Entry<Object, Tracked.Task>> waiting = new ArrayList<>();
            for (Map.Entry<Object, Tracked.Task> e : TASKS.entrySet()) {
                if (e.getKey() instanceof Thread && e.getValue().state == Tracked.State.QUEUED) {
                    waiting.add(e);
                }
            }
            waiting.sort((a, b) -> Integer.compare(a.getValue().id, b.getValue().id));
            for (Map.Entry<Object, Tracked.Task> e : waiting) {
                Tracked.Task t = e.getValue();
                TASKS.remove(e.getKey());
                t.executor.queued--;
                log.write(
                        LogEvents.TASK_CANCELLED_BEFORE_START,
                        "task",
                        t.id,
                        "was",
                        "queued",
                        "by",
                        "shutdownNow",
                        "executor",
                        t.executor.label);
                cancelledBeforeStart++;
            }
        }
    }

    static boolean onVirtualThread() {
        return Thread.currentThread().getClass().getName().equals("java.lang.VirtualThread");
    }

    private SemaphoreEvents() {}
}
