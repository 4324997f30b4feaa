package io.signaltest.agent.internal;

import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The records that book what the agent sees of the run: executors, tasks, cleanups and the cancellation, each as a
 * function of the {@link AgentState} (the callers hold its lock). It books what happened, when it happened, and nothing
 * it only expects.
 */
final class Ledger {

    private Ledger() {}

    static Tracked.Executor executor(AgentState s, ThreadPoolExecutor pool) {
        Tracked.Executor executor = s.executors.get(pool);
        if (executor == null) {
            executor = new Tracked.Executor(s.nextExecutorId++, pool);
            s.executors.put(pool, executor);
            s.log.write(
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

    static Tracked.Executor semaphore(AgentState s, Semaphore semaphore) {
        Tracked.Executor executor = s.executors.get(semaphore);
        if (executor == null) {
            executor =
                    new Tracked.Executor(s.nextExecutorId++, null, semaphore.getClass(), semaphore.availablePermits());
            s.executors.put(semaphore, executor);
            s.log.write(
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

    /** An executor whose tasks the agent cannot follow was used: said once per class, for the harness to name it. */
    static void unsupported(AgentState s, String type, String detail) {
        if (s.unsupported.add(type)) {
            s.log.write(LogEvents.EXECUTOR_UNSUPPORTED, "class", type, "detail", detail);
        }
    }

    /** A new task of {@code executor}, under {@code key}, booked as queued. */
    static Tracked.Task queue(AgentState s, Object key, Tracked.Executor executor, String name) {
        Tracked.Task t = new Tracked.Task(s.nextTaskId++, executor, name);
        s.tasks.put(key, t);
        executor.queued++;
        logQueued(s, t);
        return t;
    }

    static void logQueued(AgentState s, Tracked.Task t) {
        t.queuedLogged = true;
        s.log.write(LogEvents.TASK_QUEUED, "task", t.id, "name", t.name, "executor", t.executor.label);
    }

    /**
     * Books the start of {@code t} on {@code worker} (the caller has passed the gate). {@code stopping}: the program's
     * cancellation had begun but had not reached the task yet (also true on a pool the program stopped).
     */
    static void start(AgentState s, Tracked.Task t, Thread worker, boolean stopping) {
        Tracked.Executor executor = t.executor;
        if (executor.threadPrefix.isEmpty()) {
            executor.threadPrefix = TaskNames.prefixOf(worker.getName());
        }
        t.state = Tracked.State.RUNNING;
        t.slot = executor.takeSlot();
        t.thread = TaskNames.threadName(worker);
        executor.queued--;
        executor.running++;
        s.anyStarted = true;
        if (executor.pool != null) {
            s.runningOn.put(worker, t);
        }
        if (stopping || executor.stopped) {
            s.log.write(
                    LogEvents.TASK_STARTED,
                    "task",
                    t.id,
                    "slot",
                    t.slot,
                    "thread",
                    t.thread,
                    "executor",
                    executor.label,
                    "stopping",
                    true);
        } else {
            s.log.write(
                    LogEvents.TASK_STARTED,
                    "task",
                    t.id,
                    "slot",
                    t.slot,
                    "thread",
                    t.thread,
                    "executor",
                    executor.label);
        }
        if (s.signals > 0 || s.programCancelled) {
            t.cancelledWhileRunning = true; // started after the cancellation: whatever ends it, it was cancelled
        }
        Holds.evaluate(s, executor);
    }

    /** Books a queued task as cancelled before its start. */
    static void cancelledBeforeStart(AgentState s, Object key, Tracked.Task t, String... fields) {
        s.tasks.remove(key);
        t.executor.queued--;
        if (!t.queuedLogged) {
            logQueued(s, t);
        }
        Object[] record = new Object[4 + fields.length];
        record[0] = "task";
        record[1] = t.id;
        System.arraycopy(fields, 0, record, 2, fields.length);
        record[record.length - 2] = "executor";
        record[record.length - 1] = t.executor.label;
        s.log.write(LogEvents.TASK_CANCELLED_BEFORE_START, record);
        s.cancelledBeforeStart++;
    }

    /**
     * The program's cancellation reaches the running task {@code t}: its cleanup, the rest of its run, starts now.
     * {@code by} is how ({@code shutdownNow}, {@code interrupt}), {@code from} the thread that did it.
     */
    static void cleanupBegins(AgentState s, Tracked.Task t, String by, Thread from) {
        if (cleanupBeginsUnheld(s, t, by, from)) {
            Holds.reachDuringCleanup(s, t);
        }
    }

    /** As {@link #cleanupBegins}, without reaching DURING_CLEANUP; false when {@code t}'s cleanup had begun. */
    private static boolean cleanupBeginsUnheld(AgentState s, Tracked.Task t, String by, Thread from) {
        if (t.state != Tracked.State.RUNNING || t.inCleanup) {
            return false;
        }
        t.inCleanup = true;
        t.cancelledWhileRunning = true;
        t.cleanupStartNanos = System.nanoTime();
        t.executor.running--;
        t.executor.inCleanup++;
        s.log.write(
                LogEvents.CLEANUP_STARTED,
                "task",
                t.id,
                "slot",
                t.slot,
                "after",
                "cancelled",
                "thread",
                t.thread,
                "by",
                by,
                "by_thread",
                TaskNames.threadName(from));
        return true;
    }

    /**
     * The program's cancellation reaches every running task of {@code executor} (all executors when null), in the order
     * they were submitted.
     */
    static void cleanupBeginsForAll(AgentState s, Tracked.Executor executor, String by, Thread from) {
        Tracked.Task first = null;
        for (Tracked.Task t : byId(s)) {
            boolean reached = (executor == null ? t.executor.pool == null : t.executor == executor)
                    && cleanupBeginsUnheld(s, t, by, from);
            if (reached && first == null) {
                first = t;
            }
        }
        if (first != null) {
            Holds.reachDuringCleanup(s, first); // once every cleanup that began here is booked
        }
    }

    /** The program's first cancellation: the run is cancelling from here, whatever the signals did. */
    static void programCancels(AgentState s, String cause, Thread from) {
        if (s.programCancelled) {
            return;
        }
        s.programCancelled = true;
        s.cancelling = true;
        int running = 0;
        int inCleanup = 0;
        int queued = 0;
        for (Tracked.Executor e : s.executors.values()) {
            running += e.running;
            inCleanup += e.inCleanup;
            queued += e.queued;
        }
        for (Tracked.Task t : byId(s)) {
            if (t.state == Tracked.State.RUNNING) {
                t.cancelledWhileRunning = true;
            }
        }
        s.log.write(
                LogEvents.RUN_CANCELLING,
                "cause",
                cause,
                "signal",
                s.cancelSignal,
                "running",
                running,
                "in_cleanup",
                inCleanup,
                "queued",
                queued,
                "thread",
                TaskNames.threadName(from));
    }

    /** Books the end of {@code t} (the caller has passed the gate). */
    static void end(AgentState s, Object key, Tracked.Task t, Throwable error) {
        s.tasks.remove(key);
        Tracked.Executor executor = t.executor;
        executor.freeSlot(t.slot);
        if (executor.pool != null) {
            s.runningOn.remove(Thread.currentThread());
        }
        String errorText = error == null ? null : error.getClass().getName() + ": " + error.getMessage();
        if (t.inCleanup) {
            executor.inCleanup--;
        } else {
            executor.running--;
        }
        if (t.cancelledWhileRunning) {
            long ms = t.inCleanup ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t.cleanupStartNanos) : 0;
            if (!t.inCleanup) {
                // its cleanup was never seen to begin (no interrupt, no shutdownNow): it is the end of its run
                s.log.write(LogEvents.CLEANUP_STARTED, "task", t.id, "slot", t.slot, "after", "cancelled");
            }
            s.log.write(LogEvents.CLEANUP_FINISHED, "task", t.id, "slot", t.slot, "duration_ms", ms, "overran", false);
            s.log.write(
                    LogEvents.TASK_CANCELLED,
                    "task",
                    t.id,
                    "slot",
                    t.slot,
                    "was",
                    "running",
                    "ended_by",
                    error == null ? "return" : errorText);
            s.cancelledRunning++;
        } else {
            String after = error == null ? "completed" : "failed";
            s.log.write(LogEvents.CLEANUP_STARTED, "task", t.id, "slot", t.slot, "after", after);
            s.log.write(LogEvents.CLEANUP_FINISHED, "task", t.id, "slot", t.slot, "duration_ms", 0, "overran", false);
            if (error == null) {
                s.log.write(LogEvents.TASK_COMPLETED, "task", t.id, "slot", t.slot);
                s.completed++;
            } else {
                s.log.write(LogEvents.TASK_FAILED, "task", t.id, "slot", t.slot, "error", errorText);
                s.failed++;
            }
        }
        Holds.evaluate(s, executor);
    }

    /** The tasks the agent follows now, in the order they were submitted. */
    static List<Tracked.Task> byId(AgentState s) {
        List<Tracked.Task> all = new ArrayList<>(s.tasks.values());
        all.sort((a, b) -> Integer.compare(a.id, b.id));
        return all;
    }
}
