package io.signaltest.agent.internal;

import io.signaltest.runtime.protocol.LogEvents;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The armed moments and the hold: which moment comes next, whether a state reaches it, and the gate that keeps task
 * submissions, starts and ends waiting while a moment is held, until the next signal is logged (or the hold deadline).
 * A hold is the harness's request and lasts only until that signal: nothing waits here after it, so the program runs on
 * as it would have. The callers hold the state's lock.
 */
final class Holds {

    static final Set<String> MOMENTS =
            Set.of("BEFORE_START", "BELOW_LIMIT", "ALL_SLOTS_FULL", "QUEUE_WAITING", "DURING_CLEANUP");

    private Holds() {}

    static boolean armed(AgentState s, String moment) {
        return !s.held
                && !s.finished
                && s.nextHold < s.holds.size()
                && s.holds.get(s.nextHold).equals(moment);
    }

    static boolean follows(AgentState s, Tracked.Executor executor) {
        return s.follow == null || executor.answersTo(s.follow);
    }

    /** Looks whether {@code executor}'s state is the next armed moment; if so, logs it and closes the gate. */
    static void evaluate(AgentState s, Tracked.Executor executor) {
        if (s.held || s.finished || s.nextHold >= s.holds.size() || !follows(s, executor)) {
            return;
        }
        String moment = s.holds.get(s.nextHold);
        boolean reached;
        switch (moment) {
            case "BELOW_LIMIT":
                reached = executor.running > 0 && executor.occupied() < executor.max && executor.queued == 0;
                break;
            case "ALL_SLOTS_FULL":
                reached = executor.running == executor.max && executor.queued == 0;
                break;
            case "QUEUE_WAITING":
                reached = executor.running == executor.max && executor.queued > 0;
                break;
            default:
                reached = false;
        }
        if (reached && s.signals == 0) {
            reach(s, moment, executor, null);
        }
    }

    /**
     * Logs {@code moment} as reached and closes the gate. {@code cleanupOf}, for DURING_CLEANUP, names what proves that
     * the program's cleanup runs: the task whose cleanup is in progress, and who started it.
     */
    static void reach(AgentState s, String moment, Tracked.Executor executor, Tracked.Task cleanupOf) {
        Object[] fields = {
            "moment",
            moment,
            "running",
            executor.running,
            "in_cleanup",
            executor.inCleanup,
            "occupied_slots",
            executor.occupied(),
            "queued",
            executor.queued,
            "max_concurrent",
            executor.max,
            "signals_received",
            s.signals,
            "held",
            true,
            "executor",
            executor.label,
            "cleanup_of",
            cleanupOf == null ? null : cleanupOf.id
        };
        // cleanup_of only where there is a cleanup to name
        s.log.write(LogEvents.MOMENT, cleanupOf == null ? Arrays.copyOf(fields, fields.length - 2) : fields);
        s.held = true;
        s.holdDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.holdTimeoutMs);
    }

    /**
     * A cleanup of a task that the program's cancellation reached is in progress: where DURING_CLEANUP is armed after a
     * signal, this is it. Reached when the program's cancellation reaches a running task (its shutdown hook or signal
     * handler calls {@code shutdownNow}, or interrupts the task's thread), and again just before such a task's end is
     * booked: so each armed DURING_CLEANUP holds while a cleanup of the program runs, never before the program has
     * begun to clean up.
     */
    static boolean reachDuringCleanup(AgentState s, Tracked.Task t) {
        if (t.inCleanup && s.signals > 0 && armed(s, "DURING_CLEANUP") && follows(s, t.executor)) {
            reach(s, "DURING_CLEANUP", t.executor, t);
            return true;
        }
        return false;
    }

    static void release(AgentState s, String reason, String detail) {
        s.log.write(LogEvents.HOLD_RELEASED, "moment", s.holds.get(s.nextHold), "reason", reason, "detail", detail);
        s.held = false;
        s.nextHold++;
        s.lock.notifyAll();
    }

    /**
     * Waits while a hold is on (the caller holds the lock); returns whether it had to wait. An interrupt does not end
     * the wait (the hold is the harness's, not the program's); the program gets it back on return.
     */
    static boolean gate(AgentState s) {
        boolean waited = false;
        boolean interrupted = false;
        while (s.held && s.active) {
            waited = true;
            long left = s.holdDeadline - System.nanoTime();
            if (left <= 0) {
                release(s, "deadline", "no signal within " + s.holdTimeoutMs + " ms");
                break;
            }
            try {
                s.lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return waited;
    }
}
