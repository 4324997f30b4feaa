package io.signaltest.agent.internal;

import static io.signaltest.agent.internal.Holds.*;
import static io.signaltest.agent.internal.TaskNames.*;

import io.signaltest.runtime.protocol.LogEvents;
import io.signaltest.runtime.protocol.LogWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the agent knows of the run, and the records that book it: the executors and tasks it has seen, the counts, the
 * cancellation and the exit. One lock, {@link #LOCK}, guards it and every hold; the callers hold it.
 */
final class Ledger {

    static final Object LOCK = new Object();

    static volatile boolean active;
    static LogWriter log;

    static final Map<Object, Tracked.Executor> EXECUTORS = new IdentityHashMap<>();

    /** By the task's Runnable, or, for a task limited by a semaphore, by its (virtual) thread. */
    static final Map<Object, Tracked.Task> TASKS = new IdentityHashMap<>();

    static int nextExecutorId = 1;
    static int nextTaskId = 1;
    static boolean anyStarted;
    static boolean cancelled;
    static String cancelCause;
    static String cancelSignal;
    static int signals;
    static int completed;
    static int failed;
    static int cancelledRunning;
    static int cancelledBeforeStart;
    static Integer exitCode;
    static String exitChosenBy;
    static String exitCaller;
    static boolean finished;

    static Tracked.Executor executor(ThreadPoolExecutor pool) {
        Tracked.Executor executor = EXECUTORS.get(pool);
        if (executor == null) {
            executor = new Tracked.Executor(nextExecutorId++, pool);
            EXECUTORS.put(pool, executor);
            log.write(
                    LogEvents.EXECUTOR_SEEN,
                    "executor",
                    executor.label,
                    "class",
                    pool.getClass().getName(),
                    "max_concurrent",
                    executor.max,
                    "core",
                    pool.getCorePoolSize());
        }
        return executor;
    }

    static Tracked.Executor semaphore(Semaphore semaphore) {
        Tracked.Executor executor = EXECUTORS.get(semaphore);
        if (executor == null) {
            executor = new Tracked.Executor(nextExecutorId++, null, semaphore.getClass(), semaphore.availablePermits());
            EXECUTORS.put(semaphore, executor);
            log.write(
                    LogEvents.EXECUTOR_SEEN,
                    "executor",
                    executor.label,
                    "class",
                    semaphore.getClass().getName(),
                    "max_concurrent",
                    executor.max,
                    "core",
                    null);
        }
        return executor;
    }

    static void logQueued(Tracked.Task t) {
        t.queuedLogged = true;
        log.write(LogEvents.TASK_QUEUED, "task", t.id, "name", t.name, "executor", t.executor.label);
    }

    /** Books the start of {@code t} on {@code worker} (the caller holds the lock and has passed the gate). */
    static void start(Tracked.Task t, Thread worker) {
        Tracked.Executor executor = t.executor;
        if (executor.threadPrefix.isEmpty()) {
            executor.threadPrefix = prefixOf(worker.getName());
        }
        t.state = Tracked.State.RUNNING;
        t.slot = executor.takeSlot();
        t.thread = threadName(worker);
        executor.queued--;
        executor.running++;
        anyStarted = true;
        log.write(LogEvents.TASK_STARTED, "task", t.id, "slot", t.slot, "thread", t.thread, "executor", executor.label);
        evaluate(executor);
    }

    /** Books the end of {@code t} (the caller holds the lock and has passed the gate). */
    static void end(Object key, Tracked.Task t, Throwable error) {
        TASKS.remove(key);
        Tracked.Executor executor = t.executor;
        executor.freeSlot(t.slot);
        String errorText = error == null ? null : error.getClass().getName() + ": " + error.getMessage();
        if (t.inCleanup) {
            executor.inCleanup--;
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t.cleanupStartNanos);
            log.write(LogEvents.CLEANUP_FINISHED, "task", t.id, "slot", t.slot, "duration_ms", ms, "overran", false);
            log.write(
                    LogEvents.TASK_CANCELLED,
                    "task",
                    t.id,
                    "slot",
                    t.slot,
                    "was",
                    "running",
                    "ended_by",
                    error == null ? "return" : errorText);
            cancelledRunning++;
        } else {
            executor.running--;
            String after = error == null ? "completed" : "failed";
            log.write(LogEvents.CLEANUP_STARTED, "task", t.id, "slot", t.slot, "after", after);
            log.write(LogEvents.CLEANUP_FINISHED, "task", t.id, "slot", t.slot, "duration_ms", 0, "overran", false);
            if (error == null) {
                log.write(LogEvents.TASK_COMPLETED, "task", t.id, "slot", t.slot);
                completed++;
            } else {
                log.write(LogEvents.TASK_FAILED, "task", t.id, "slot", t.slot, "error", errorText);
                failed++;
            }
        }
        evaluate(executor);
    }

    /** The run is cancelled: every running task's cleanup, the rest of its run, starts now. */
    static void cancel(String cause, String signal) {
        cancelled = true;
        cancelCause = cause;
        cancelSignal = signal;
        int running = 0;
        int inCleanup = 0;
        int queued = 0;
        for (Tracked.Executor e : EXECUTORS.values()) {
            running += e.running;
            inCleanup += e.inCleanup;
            queued += e.queued;
        }
        log.write(
                LogEvents.RUN_CANCELLING,
                "cause",
                cause,
                "signal",
                signal,
                "running",
                running,
                "in_cleanup",
                inCleanup,
                "queued",
                queued);
        List<Tracked.Task> all = new ArrayList<>(TASKS.values());
        all.sort((a, b) -> Integer.compare(a.id, b.id));
        Tracked.Executor first = null;
        for (Tracked.Task t : all) {
            if (t.state == Tracked.State.RUNNING && !t.inCleanup) {
                t.inCleanup = true;
                t.cleanupStartNanos = System.nanoTime();
                t.executor.running--;
                t.executor.inCleanup++;
                log.write(
                        LogEvents.CLEANUP_STARTED,
                        "task",
                        t.id,
                        "slot",
                        t.slot,
                        "after",
                        "cancelled",
                        "thread",
                        t.thread);
                if (first == null && (follow == null || t.executor.answersTo(follow))) {
                    first = t.executor;
                }
            }
        }
        if (first != null && armed("DURING_CLEANUP")) {
            reach("DURING_CLEANUP", first);
        }
    }

    private Ledger() {}
}
