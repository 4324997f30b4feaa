package io.signaltest.agent.internal;

import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What a {@code ThreadPoolExecutor} does, as the cleanup log books it: submissions, starts and ends (seen where the
 * pool's worker runs a task, whatever a subclass's {@code beforeExecute} and {@code afterExecute} do), interrupts and
 * {@code shutdownNow}.
 */
final class PoolEvents {

    private PoolEvents() {}

    /** {@code execute} (or a scheduled pool's {@code delayedExecute}) is entered: a task is being submitted. */
    static void submitting(AgentState s, ThreadPoolExecutor pool, Runnable task) {
        synchronized (s.lock) {
            Tracked.Executor executor = Ledger.executor(s, pool);
            if (s.tasks.containsKey(task)) {
                return; // a periodic task queued again by its own run
            }
            if (!s.anyStarted && s.tasks.isEmpty() && Holds.armed(s, "BEFORE_START") && Holds.follows(s, executor)) {
                Holds.reach(s, "BEFORE_START", executor, null);
            }
            if (s.held) {
                // Booked as queued when the signal ends the hold, by the signal's thread: the log has it even if the
                // JVM ends before this thread runs again.
                Tracked.Task waiting = new Tracked.Task(s.nextTaskId++, executor, TaskNames.describe(task));
                s.waitingAtHold.put(task, waiting);
                Holds.gate(s);
                s.waitingAtHold.remove(task);
                if (!s.active || s.finished) {
                    return;
                }
                if (s.tasks.get(task) != waiting) { // the hold ended by its deadline, not by a signal
                    s.tasks.put(task, waiting);
                    executor.queued++;
                    Ledger.logQueued(s, waiting);
                }
                Holds.evaluate(s, executor);
                return;
            }
            if (s.active && !s.finished) {
                Ledger.queue(s, task, executor, TaskNames.describe(task));
                Holds.evaluate(s, executor);
            }
        }
    }

    /** {@code execute} returned: the pool has the task, in its queue or on a worker. */
    static void submitted(AgentState s, Runnable task) {
        synchronized (s.lock) {
            Tracked.Task t = s.tasks.get(task);
            if (t != null) {
                t.accepted = true;
            }
        }
    }

    /** {@code ThreadPoolExecutor.reject}: the pool refused {@code task} (it is shut down, or full). */
    static void rejected(AgentState s, ThreadPoolExecutor pool, Runnable task) {
        synchronized (s.lock) {
            Tracked.Task t = s.tasks.get(task);
            if (t == null || t.state != Tracked.State.QUEUED) {
                return;
            }
            Ledger.cancelledBeforeStart(
                    s,
                    task,
                    t,
                    "was",
                    "rejected",
                    "detail",
                    pool.isShutdown() ? "submitted after the pool was shut down" : "the pool is full");
        }
    }

    /** A worker of {@code pool} is about to run {@code task} (before the pool's {@code beforeExecute}). */
    static void starting(AgentState s, ThreadPoolExecutor pool, Thread worker, Runnable task) {
        synchronized (s.lock) {
            Tracked.Executor executor = Ledger.executor(s, pool);
            if (!s.anyStarted && Holds.armed(s, "BEFORE_START") && Holds.follows(s, executor)) {
                Holds.reach(s, "BEFORE_START", executor, null);
            }
            Holds.gate(s);
            if (!s.active || s.finished) {
                return;
            }
            Tracked.Task t = s.tasks.get(task);
            if (t == null) { // scheduled pools queue a periodic task's next run without a submission
                t = Ledger.queue(s, task, executor, TaskNames.describe(task));
            }
            if (task instanceof Future<?> future && future.isCancelled()) {
                // cancelled while it waited: the worker finds it done and does not run it
                Ledger.cancelledBeforeStart(s, task, t, "was", "queued", "by", "cancel");
                return;
            }
            Ledger.start(s, t, worker, false);
        }
    }

    /** {@code task}'s run on a worker of the pool has ended, by return or by {@code thrown} (before afterExecute). */
    static void ended(AgentState s, Runnable task, Throwable thrown) {
        Throwable error = thrown != null ? thrown : failureOf(task);
        synchronized (s.lock) {
            Tracked.Task t = s.tasks.get(task);
            if (t == null || t.state != Tracked.State.RUNNING) {
                return;
            }
            Holds.gate(s);
            if (Holds.reachDuringCleanup(s, t)) {
                Holds.gate(s); // held here, with this cleanup still in progress, until the next signal
            }
            if (s.active && !s.finished) {
                Ledger.end(s, task, t, error);
            }
        }
    }

    /** {@code shutdownNow} is entered: the program cancels what runs on {@code pool}, and interrupts it. */
    static void shuttingDownNow(AgentState s, ThreadPoolExecutor pool) {
        synchronized (s.lock) {
            Tracked.Executor executor = s.executors.get(pool);
            if (executor == null) {
                return;
            }
            executor.stopped = true;
            if (executor.queued + executor.occupied() == 0) {
                return;
            }
            Ledger.programCancels(s, "shutdownNow", Thread.currentThread());
            Ledger.cleanupBeginsForAll(s, executor, "shutdownNow", Thread.currentThread());
        }
    }

    /**
     * {@code awaitTermination} returned {@code terminated}, once the run is cancelling: the program waited for the
     * pool's tasks; when they had not ended, it gave up on them, and the log says so for the checks to tell why a
     * cleanup never ended.
     */
    static void awaited(AgentState s, ThreadPoolExecutor pool, boolean terminated) {
        if (!s.cancelling || terminated) {
            return;
        }
        synchronized (s.lock) {
            Tracked.Executor executor = s.executors.get(pool);
            if (executor == null || executor.occupied() == 0) {
                return;
            }
            s.log.write(
                    LogEvents.EXECUTOR_AWAITED,
                    "executor",
                    executor.label,
                    "terminated",
                    false,
                    "running",
                    executor.occupied(),
                    "thread",
                    TaskNames.threadName(Thread.currentThread()));
        }
    }

    /** {@code shutdownNow} returns {@code returned}: the queued tasks it took out of the pool never start. */
    static void drained(AgentState s, List<Runnable> returned) {
        if (returned == null) {
            return;
        }
        synchronized (s.lock) {
            Holds.gate(s); // a held DURING_CLEANUP keeps these records too until the next signal
            if (!s.active || s.finished) {
                return;
            }
            List<Runnable> unstarted = new ArrayList<>();
            for (Runnable r : returned) {
                Tracked.Task t = s.tasks.get(r);
                if (t != null && t.state == Tracked.State.QUEUED) {
                    unstarted.add(r);
                }
            }
            s.log.beginBatch();
            try {
                for (Runnable r : unstarted) {
                    Ledger.cancelledBeforeStart(s, r, s.tasks.get(r), "was", "queued", "by", "shutdownNow");
                }
            } finally {
                s.log.endBatch();
            }
        }
    }

    /**
     * {@code thread} is interrupted by another thread, once the run is cancelling: when it runs a task the agent
     * follows (on a pool, or a virtual thread limited by a semaphore), the program's cancellation has reached that
     * task.
     */
    static void interrupting(AgentState s, Thread thread) {
        synchronized (s.lock) {
            Tracked.Task t = s.runningOn.get(thread);
            if (t == null) {
                t = s.tasks.get(thread); // a virtual thread limited by a semaphore
            }
            if (t == null) {
                return;
            }
            Ledger.programCancels(s, "interrupt", Thread.currentThread());
            if (t.state == Tracked.State.RUNNING) {
                Ledger.cleanupBegins(s, t, "interrupt", Thread.currentThread());
            } else {
                t.interruptDelivered = true; // a virtual thread waiting for a permit
                if (t.cancelledWhileQueued == null) {
                    t.cancelledWhileQueued = "interrupt";
                }
            }
        }
    }

    /** A submitted task's failure, when the executor wrapped it in a Future that kept the exception. */
    static Throwable failureOf(Runnable task) {
        if (task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
            try {
                future.get(0, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (Exception ignored) {
                // not a failure of the task
            }
        }
        return null;
    }
}
