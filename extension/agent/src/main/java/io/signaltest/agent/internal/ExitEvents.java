package io.signaltest.agent.internal;

import static io.signaltest.agent.internal.Holds.*;
import static io.signaltest.agent.internal.Ledger.*;

import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Signals, {@code System.exit}, {@code Runtime.halt} and the shutdown hooks, as the cleanup log books them, and the
 * run's last records.
 */
final class ExitEvents {

    static void signal(int number) {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            signals++;
            String name = SignalNames.of(number);
            boolean first = !cancelled;
            log.write(
                    LogEvents.SIGNAL_RECEIVED,
                    "signal",
                    name,
                    "number",
                    number,
                    "count",
                    signals,
                    "action",
                    first ? "cancel" : "repeated");
            if (held) {
                release("signal", "SIG" + name + " received");
                releasedBySignal = true;
            }
            if (first) {
                cancel("signal", name);
            }
        }
    }

    static void exitRequested(int code) {
        if (!active) {
            return;
        }
        String[] caller = Callers.of();
        synchronized (LOCK) {
            log.write(LogEvents.EXIT_REQUESTED, "code", code, "by", caller[0], "caller", caller[1]);
            if (exitCode == null) {
                exitCode = code;
                exitChosenBy = caller[0];
                exitCaller = caller[1];
            }
        }
    }

    static void haltRequested(int code) {
        if (!active) {
            return;
        }
        String[] caller = Callers.of();
        synchronized (LOCK) {
            log.write(LogEvents.HALT_REQUESTED, "code", code, "by", caller[0], "caller", caller[1]);
            if (exitCode == null || !finished) {
                exitCode = code;
                exitChosenBy = caller[0];
                exitCaller = caller[1];
            }
        }
        finish();
    }

    static void hooksStarting(Map<?, ?> hooks) {
        if (!active) {
            return;
        }
        List<String> names = new ArrayList<>();
        if (hooks != null) {
            for (Object hook : hooks.keySet()) {
                names.add(hook instanceof Thread thread ? thread.getName() : String.valueOf(hook));
            }
        }
        synchronized (LOCK) {
            log.write(LogEvents.SHUTDOWN_HOOKS_STARTED, "hooks", names);
        }
    }

    static void hooksFinished() {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            log.write(LogEvents.SHUTDOWN_HOOKS_FINISHED);
        }
    }

    static void finish() {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            if (finished) {
                return;
            }
            finished = true;
            if (!held && nextHold < holds.size()) {
                log.write(
                        LogEvents.MOMENT_MISSED,
                        "moment",
                        holds.get(nextHold),
                        "detail",
                        "the program ended before it reached " + holds.get(nextHold));
            }
            List<Integer> abandoned = new ArrayList<>();
            List<Tracked.Task> all = new ArrayList<>(TASKS.values());
            all.sort((a, b) -> Integer.compare(a.id, b.id));
            for (Tracked.Task t : all) {
                if (t.state == Tracked.State.RUNNING) {
                    abandoned.add(t.id);
                    log.write(
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
                } else if (t.queuedLogged) {
                    log.write(
                            LogEvents.TASK_NEVER_STARTED,
                            "task",
                            t.id,
                            "executor",
                            t.executor.label,
                            "detail",
                            "still queued when the JVM halted: it never ran, and shutdownNow() never " + "returned it");
                }
            }
            log.write(
                    LogEvents.RUN_FINISHED,
                    "cause",
                    cancelCause,
                    "signal",
                    cancelSignal,
                    "signals_received",
                    signals,
                    "completed",
                    completed,
                    "failed",
                    failed,
                    "cancelled",
                    cancelledRunning,
                    "cancelled_before_start",
                    cancelledBeforeStart,
                    "abandoned",
                    abandoned,
                    "exit_code",
                    exitCode);
            log.write(
                    LogEvents.EXIT,
                    "code",
                    exitCode,
                    "chosen_by",
                    exitChosenBy == null ? "main-returned" : exitChosenBy,
                    "caller",
                    exitCaller);
            held = false;
            LOCK.notifyAll();
        }
    }

    private ExitEvents() {}
}
