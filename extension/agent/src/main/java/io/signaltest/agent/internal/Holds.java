package io.signaltest.agent.internal;

import static io.signaltest.agent.internal.Ledger.*;

import io.signaltest.runtime.protocol.LogEvents;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The armed moments and the hold: which moment comes next, whether a state reaches it, and the gate that keeps every
 * task start and task end waiting while a moment is held (until the next signal is logged, or the hold deadline). The
 * callers hold {@link Ledger#LOCK}.
 */
final class Holds {

    static final Set<String> MOMENTS =
            Set.of("BEFORE_START", "BELOW_LIMIT", "ALL_SLOTS_FULL", "QUEUE_WAITING", "DURING_CLEANUP");

    static List<String> holds = List.of();

    static long holdTimeoutMs;
    static String follow;
    static int nextHold;
    static boolean held;

    /** A hold was ended by a signal: work that the hold delayed must not race the program's cancellation. */
    static boolean releasedBySignal;

    static long holdDeadline;

    static boolean armed(String moment) {
        return !held && nextHold < holds.size() && holds.get(nextHold).equals(moment);
    }

    /** Looks whether {@code executor}'s state is the next armed moment; if so, logs it and closes the gate. */
    static void evaluate(Tracked.Executor executor) {
        if (held || nextHold >= holds.size() || finished) {
            return;
        }
        if (follow != null && !executor.answersTo(follow)) {
            return;
        }
        boolean reached;
        switch (holds.get(nextHold)) {
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
        if (reached) {
            reach(holds.get(nextHold), executor);
        }
    }

    /**
     * A task that was running when the cancellation began is about to book its end: when DURING_CLEANUP is the next
     * armed moment after a signal, this is where it is reached (its cleanup is still in progress), and the end waits
     * for the next signal (the caller holds the lock and has passed the gate). So a harness that arms DURING_CLEANUP
     * several times gets one held moment per signal: the first where the cancellation reaches the running tasks, each
     * further one before a cleanup's end.
     */
    static void holdBeforeCleanupEnds(Tracked.Task t) {
        if (active
                && t.inCleanup
                && signals > 0
                && armed("DURING_CLEANUP")
                && !finished
                && (follow == null || t.executor.answersTo(follow))) {
            reach("DURING_CLEANUP", t.executor);
            gate();
        }
    }

    static void reach(String moment, Tracked.Executor executor) {
        log.write(
                LogEvents.MOMENT,
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
                signals,
                "held",
                true,
                "executor",
                executor.label);
        held = true;
        holdDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdTimeoutMs);
    }

    static void release(String reason, String detail) {
        log.write(LogEvents.HOLD_RELEASED, "moment", holds.get(nextHold), "reason", reason, "detail", detail);
        held = false;
        nextHold++;
        LOCK.notifyAll();
    }

    /** Waits while a hold is on (the caller holds the lock); returns whether it had to wait. */
    static boolean gate() {
        boolean waited = false;
        boolean interrupted = false;
        while (held && active) {
            waited = true;
            long left = holdDeadline - System.nanoTime();
            if (left <= 0) {
                release("deadline", "no signal within " + holdTimeoutMs + " ms");
                break;
            }
            try {
                LOCK.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true; // a hold is not ended by an interrupt; the program gets it back below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return waited;
    }

    static void awaitShutdownOf(Tracked.Executor executor) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdTimeoutMs);
        boolean interrupted = false;
        while (active
                && !finished
                && executor.pool != null
                && !executor.pool.isShutdown()
                && System.nanoTime() < deadline) {
            try {
                LOCK.wait(50);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitInterruptOf(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdTimeoutMs);
        while (active && !finished && !thread.isInterrupted() && System.nanoTime() < deadline) {
            try {
                LOCK.wait(50);
            } catch (InterruptedException e) {
                thread.interrupt(); // the program's cancellation: keep it for the acquire that follows
                return;
            }
        }
    }

    private Holds() {}
}
