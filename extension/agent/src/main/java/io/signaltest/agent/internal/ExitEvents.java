package io.signaltest.agent.internal;

import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Signals, {@code System.exit}, {@code Runtime.halt} and the shutdown hooks, as the cleanup log books them, and the
 * run's last records.
 */
final class ExitEvents {

    private ExitEvents() {}

    /**
     * The JVM dispatches a signal. It ends a held moment (the submissions that waited at it are booked as queued now,
     * and go on at once); the first one marks the running tasks as cancelled. Their cleanups begin when the program's
     * cancellation reaches them, not here: the program has not run a line of its own yet.
     */
    static void signal(AgentState s, int number) {
        synchronized (s.lock) {
            s.signals++;
            String name = SignalNames.of(number);
            boolean first = s.signals == 1;
            s.log.write(
                    LogEvents.SIGNAL_RECEIVED,
                    "signal",
                    name,
                    "number",
                    number,
                    "count",
                    s.signals,
                    "action",
                    first ? "cancel" : "repeated");
            s.cancelling = true;
            if (first) {
                s.cancelSignal = name;
                for (Tracked.Task t : s.tasks.values()) {
                    if (t.state == Tracked.State.RUNNING) {
                        t.cancelledWhileRunning = true;
                    }
                }
            }
            if (s.held) {
                Holds.release(s, "signal", "SIG" + name + " received");
                bookWaiting(s);
            }
        }
    }

    /** The submissions that waited at the hold go on now: booked as queued, in the order they came. */
    private static void bookWaiting(AgentState s) {
        List<Map.Entry<Object, Tracked.Task>> waiting = new ArrayList<>(s.waitingAtHold.entrySet());
        waiting.sort((a, b) -> Integer.compare(a.getValue().id, b.getValue().id));
        for (Map.Entry<Object, Tracked.Task> e : waiting) {
            Tracked.Task t = e.getValue();
            if (!t.queuedLogged) {
                s.tasks.put(e.getKey(), t);
                t.executor.queued++;
                Ledger.logQueued(s, t);
            }
        }
    }

    static void exitRequested(AgentState s, int code) {
        String[] caller = Callers.of();
        synchronized (s.lock) {
            s.log.write(LogEvents.EXIT_REQUESTED, "code", code, "by", caller[0], "caller", caller[1]);
            if (s.exitCode == null) {
                s.exitCode = code;
                s.exitChosenBy = caller[0];
                s.exitCaller = caller[1];
            }
        }
    }

    static void haltRequested(AgentState s, int code) {
        String[] caller = Callers.of();
        synchronized (s.lock) {
            s.log.write(LogEvents.HALT_REQUESTED, "code", code, "by", caller[0], "caller", caller[1]);
            if (s.exitCode == null || !s.finished) {
                s.exitCode = code;
                s.exitChosenBy = caller[0];
                s.exitCaller = caller[1];
            }
        }
        finish(s);
    }

    static void hooksStarting(AgentState s, Map<?, ?> hooks) {
        List<String> names = new ArrayList<>();
        if (hooks != null) {
            for (Object hook : hooks.keySet()) {
                names.add(hook instanceof Thread thread ? thread.getName() : String.valueOf(hook));
            }
        }
        synchronized (s.lock) {
            s.log.write(LogEvents.SHUTDOWN_HOOKS_STARTED, "hooks", names);
        }
    }

    static void hooksFinished(AgentState s) {
        synchronized (s.lock) {
            s.log.write(LogEvents.SHUTDOWN_HOOKS_FINISHED);
        }
    }

    /** The JVM's shutdown is over: every task still followed is booked as what it is now, then the run's end. */
    static void finish(AgentState s) {
        synchronized (s.lock) {
            if (s.finished) {
                return;
            }
            s.finished = true;
            // the run's last records reach the log in one write: a reader never sees moment_missed without them
            s.log.beginBatch();
            try {
                lastRecords(s);
            } finally {
                s.log.endBatch();
            }
            s.held = false;
            s.lock.notifyAll();
        }
    }

    /** The run's last records (the caller holds the lock and batches them). */
    private static void lastRecords(AgentState s) {
        if (!s.held && s.nextHold < s.holds.size()) {
            s.log.write(
                    LogEvents.MOMENT_MISSED,
                    "moment",
                    s.holds.get(s.nextHold),
                    "detail",
                    "the program ended before it reached " + s.holds.get(s.nextHold));
        }
        bookWaiting(s);
        List<Integer> abandoned = new ArrayList<>();
        List<Map.Entry<Object, Tracked.Task>> all = new ArrayList<>(s.tasks.entrySet());
        all.sort((a, b) -> Integer.compare(a.getValue().id, b.getValue().id));
        for (Map.Entry<Object, Tracked.Task> e : all) {
            Tracked.Task t = e.getValue();
            if (t.state == Tracked.State.RUNNING) {
                abandoned.add(t.id);
                s.log.write(
                        LogEvents.TASK_RUNNING_AT_HALT,
                        "task",
                        t.id,
                        "slot",
                        t.slot,
                        "thread",
                        t.thread,
                        "executor",
                        t.executor.label,
                        "in_cleanup",
                        t.inCleanup,
                        "detail",
                        "still running when the JVM halted: nothing waited for it to end");
            } else {
                unstartedAtTheEnd(s, e.getKey(), t);
            }
        }
        s.log.write(
                LogEvents.RUN_FINISHED,
                "cause",
                s.programCancelled ? "program" : s.signals > 0 ? "signal" : null,
                "signal",
                s.cancelSignal,
                "signals_received",
                s.signals,
                "completed",
                s.completed,
                "failed",
                s.failed,
                "cancelled",
                s.cancelledRunning,
                "cancelled_before_start",
                s.cancelledBeforeStart,
                "abandoned",
                abandoned,
                "exit_code",
                s.exitCode);
        s.log.write(
                LogEvents.EXIT,
                "code",
                s.exitCode,
                "chosen_by",
                s.exitChosenBy == null ? "main-returned" : s.exitChosenBy,
                "caller",
                s.exitCaller);
    }

    /**
     * A task that never started, as the JVM ends: cancelled before start when that is now certain (the program
     * interrupted it while it waited for a permit; its submission was under way when its pool was shut down, which
     * rejects it; its Future was cancelled), otherwise never started.
     */
    private static void unstartedAtTheEnd(AgentState s, Object key, Tracked.Task t) {
        Tracked.Executor executor = t.executor;
        if (t.cancelledWhileQueued != null) {
            Ledger.cancelledBeforeStart(s, key, t, "was", "queued", "by", t.cancelledWhileQueued);
        } else if (executor.pool != null && !t.accepted && executor.pool.isShutdown()) {
            Ledger.cancelledBeforeStart(
                    s,
                    key,
                    t,
                    "was",
                    "rejected",
                    "detail",
                    "its submission was under way when the pool was shut down, which rejects it");
        } else if (key instanceof Future<?> future && future.isCancelled()) {
            Ledger.cancelledBeforeStart(s, key, t, "was", "queued", "by", "cancel");
        } else if (t.queuedLogged) {
            s.log.write(
                    LogEvents.TASK_NEVER_STARTED,
                    "task",
                    t.id,
                    "executor",
                    executor.label,
                    "detail",
                    "still queued when the JVM halted: it never ran, and shutdownNow() never returned it");
        }
    }
}
