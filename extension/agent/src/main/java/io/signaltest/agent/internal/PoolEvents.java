package io.signaltest.agent.internal;

import static io.signaltest.agent.internal.Holds.*;
import static io.signaltest.agent.internal.Ledger.*;
import static io.signaltest.agent.internal.TaskNames.*;

import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What a {@code ThreadPoolExecutor} does, as the cleanup log books it: submissions, starts, ends and
 * {@code shutdownNow}.
 */
final class PoolEvents {

    /** {@code ThreadPoolExecutor.execute} is entered: a task is being submitted. */
    static void submitting(ThreadPoolExecutor pool, Runnable task) {
        if (!active || task == null) {
            return;
        }
        synchronized (LOCK) {
            Tracked.Executor executor = executor(pool);
            if (!anyStarted && TASKS.isEmpty() && armed("BEFORE_START")) {
                reach("BEFORE_START", executor);
            }
            boolean wasHeld = gate();
            if (wasHeld && cancelled && active && !TASKS.containsKey(task)) {
                // A submission held at the moment would, after the signal, race the program's own
                // shutdown of the pool; it goes on once that shutdown has happened, as it would have.
                // It is booked now, and its rejection when the pool is shut down (drained), so that
                // the log is complete even if the JVM ends before this thread runs again.
                queue(task, executor).heldUntilShutdown = true;
                awaitShutdownOf(executor);
                return;
            }
            if (active && !TASKS.containsKey(task)) {
                queue(task, executor);
                evaluate(executor);
            }
        }
    }

    private static Tracked.Task queue(Runnable task, Tracked.Executor executor) {
        Tracked.Task t = new Tracked.Task(nextTaskId++, executor, describe(task));
        TASKS.put(task, t);
        executor.queued++;
        logQueued(t);
        return t;
    }

    /** {@code ThreadPoolExecutor.reject}: the pool refused {@code task} (it is shut down, or full). */
    static void rejected(ThreadPoolExecutor pool, Runnable task) {
        if (!active || task == null) {
            return;
        }
        synchronized (LOCK) {
            Tracked.Task t = TASKS.get(task);
            if (t == null || t.state != Tracked.State.QUEUED) {
                return;
            }
            TASKS.remove(task);
            t.executor.queued--;
            log.write(
                    LogEvents.TASK_CANCELLED_BEFORE_START,
                    "task",
                    t.id,
                    "was",
                    "rejected",
                    "executor",
                    t.executor.label,
                    "detail",
                    pool.isShutdown() ? "submitted after the pool was shut down" : "the pool is full");
            cancelledBeforeStart++;
        }
    }

    static void starting(ThreadPoolExecutor pool, Thread worker, Runnable task) {
        if (!active || task == null) {
            return;
        }
        synchronized (LOCK) {
            Tracked.Executor executor = executor(pool);
            if (!anyStarted && armed("BEFORE_START")) {
                reach("BEFORE_START", executor);
            }
            gate();
            if (!active) {
                return;
            }
            Tracked.Task t = TASKS.get(task);
            if (t == null) { // scheduled pools queue their tasks without execute()
                t = new Tracked.Task(nextTaskId++, executor, describe(task));
                TASKS.put(task, t);
                executor.queued++;
            }
            if (!t.queuedLogged) {
                logQueued(t);
            }
            start(t, worker);
        }
    }

    static void ended(ThreadPoolExecutor pool, Runnable task, Throwable thrown) {
        if (!active || task == null) {
            return;
        }
        Throwable error = thrown != null ? thrown : failureOf(task);
        synchronized (LOCK) {
            Tracked.Task t = TASKS.get(task);
            if (t == null || t.state != Tracked.State.RUNNING) {
                return;
            }
            gate();
            holdBeforeCleanupEnds(t);
            if (active) {
                end(task, t, error);
            }
        }
    }

    static void shuttingDownNow(ThreadPoolExecutor pool) {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            Tracked.Executor executor = EXECUTORS.get(pool);
            if (!cancelled && executor != null && executor.queued + executor.occupied() > 0) {
                cancel("shutdownNow", null);
            }
        }
    }

    static void drained(List<Runnable> returned, ThreadPoolExecutor pool) {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            gate();
            if (active && returned != null) {
                List<Tracked.Task> unstarted = new ArrayList<>();
                for (Runnable r : returned) {
                    Tracked.Task t = TASKS.get(r);
                    if (t != null && t.state == Tracked.State.QUEUED) {
                        TASKS.remove(r);
                        t.executor.queued--;
                        unstarted.add(t);
                    }
                }
                rejectHeldSubmissions(pool);
                log.beginBatch();
                try {
                    for (Tracked.Task t : unstarted) {
                        if (!t.queuedLogged) {
                            logQueued(t);
                        }
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
                } finally {
                    log.endBatch();
                }
            }
            LOCK.notifyAll(); // submissions that wait for the shutdown
        }
    }

    /**
     * The submissions held at a moment until the program shut {@code pool} down: a shut-down pool rejects them,
     * whatever its rejection policy, so they are booked as such now.
     */
    private static void rejectHeldSubmissions(ThreadPoolExecutor pool) {
        for (Iterator<Tracked.Task> it = TASKS.values().iterator(); it.hasNext(); ) {
            Tracked.Task t = it.next();
            if (t.heldUntilShutdown && t.state == Tracked.State.QUEUED && t.executor.pool == pool) {
                it.remove();
                t.executor.queued--;
                log.write(
                        LogEvents.TASK_CANCELLED_BEFORE_START,
                        "task",
                        t.id,
                        "was",
                        "rejected",
                        "executor",
                        t.executor.label,
                        "detail",
                        "submitted after the pool was shut down");
                cancelledBeforeStart++;
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

    private PoolEvents() {}
}
