package io.signaltest.runtime;

import io.signaltest.runtime.internal.HarnessLink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * Moments and holds: the handshake with a test harness. The harness arms moments, in order; when the run reaches the
 * next one, it logs a {@code moment} record and holds: every booking waits at the gate ({@link #awaitGate}) until a
 * signal, the harness's release or the hold's deadline ends the hold, so the harness signals a known state. Apart
 * because it is the harness's business: a run with nothing armed never holds, and the other parts only call
 * {@link #awaitGate} before each booking and {@link #reach}/{@link #reachStateMoment} after it. Used under the run's
 * lock; a hold waits on its condition, which lets the lock go.
 */
final class Holds {

    private final RunState run;
    private final RunLog log;
    private final HarnessLink harness;
    private final TaskQueue queue;
    private final int maxConcurrent;
    private final Set<StartedTask> inBody;
    private final Condition changed;

    private final ArrayDeque<Moment> armed = new ArrayDeque<>();
    private final List<String> unknownHolds = new ArrayList<>();
    private Moment holdingAt;

    Holds(RunState run, HarnessLink harness) {
        this.run = run;
        this.log = run.log;
        this.harness = harness;
        this.queue = run.queue;
        this.maxConcurrent = run.maxConcurrent;
        this.inBody = run.inBody;
        this.changed = run.changed;
        for (String name : harness.holds()) {
            try {
                armed.add(Moment.valueOf(name));
            } catch (IllegalArgumentException unknown) {
                unknownHolds.add(name);
            }
        }
    }

    /** The armed moments' names, in order, for the run_started record. */
    List<String> armedNames() {
        List<String> names = new ArrayList<>(armed.size());
        for (Moment moment : armed) {
            names.add(moment.name());
        }
        return names;
    }

    /**
     * At the start, says what the harness asked for in vain: a first moment that this run can never reach (then nothing
     * is held), and names that are not moments.
     */
    void logAtStart() {
        Moment next = armed.peek();
        if (next != null && unreachable(next)) {
            // Say so now, rather than let a harness wait for a state this run can never be in.
            log.momentUnreachable(next, missedReason(next));
            armed.clear();
        }
        for (String name : unknownHolds) {
            log.holdUnknown(name);
        }
    }

    /** At the finish, says which armed moment the run never reached, if any. */
    void logAtFinish() {
        if (!armed.isEmpty()) {
            log.momentNotReached(armed.peek(), missedReason(armed.peek()));
        }
    }

    /** True while a hold is in force: nothing may change, not even the write-off of the queue. */
    boolean holding() {
        return holdingAt != null;
    }

    void reachStateMoment() {
        Moment next = armed.peek();
        if (next == null || run.cause != null) {
            return;
        }
        boolean now;
        switch (next) {
            case BELOW_LIMIT:
                now = !inBody.isEmpty() && run.occupied < maxConcurrent && run.queued() == 0 && queue.exhausted();
                break;
            case ALL_SLOTS_FULL:
                now = inBody.size() == maxConcurrent && run.queued() == 0 && queue.exhausted();
                break;
            case QUEUE_WAITING:
                now = inBody.size() == maxConcurrent && run.queued() > 0;
                break;
            default:
                now = false;
        }
        if (now) {
            reach(next);
        }
    }

    /**
     * If {@code moment} is the next armed one, logs it and holds every state change until a signal, a release or the
     * deadline.
     */
    void reach(Moment moment) {
        if (armed.peek() != moment) {
            return;
        }
        armed.poll();
        log.moment(moment, run);
        holdingAt = moment;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(harness.holdTimeoutMs());
        boolean interrupted = false;
        while (holdingAt == moment) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.holdReleasedAtDeadline(moment, harness.holdTimeoutMs());
                holdingAt = null;
                break;
            }
            try {
                changed.awaitNanos(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        changed.signalAll();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the hold in force, if any; the caller wakes the threads waiting on {@link RunState#changed}. */
    void releaseHold(String reason) {
        if (holdingAt != null) {
            log.holdReleased(holdingAt, reason);
            holdingAt = null;
        }
    }

    /** Blocks while a hold is in force; keeps the caller's interrupt status. */
    void awaitGate() {
        while (holdingAt != null) {
            changed.awaitUninterruptibly();
        }
    }

    /**
     * True for a moment that the number of tasks rules out from the start (never for a lazy source: its size is
     * unknown).
     */
    private boolean unreachable(Moment m) {
        if (queue.isLazy()) {
            return false;
        }
        int tasks = queue.known();
        switch (m) {
            case BELOW_LIMIT:
            case ALL_SLOTS_FULL:
            case DURING_CLEANUP:
                return tasks == 0 || (m == Moment.ALL_SLOTS_FULL && tasks < maxConcurrent);
            case QUEUE_WAITING:
                return tasks <= maxConcurrent;
            default:
                return false;
        }
    }

    private String missedReason(Moment m) {
        int tasks = queue.known();
        boolean all = queue.exhausted();
        switch (m) {
            case QUEUE_WAITING:
                return all && tasks <= maxConcurrent
                        ? " (" + tasks + " tasks never fill " + maxConcurrent + " slots and leave one waiting)"
                        : "";
            case ALL_SLOTS_FULL:
                return all && tasks < maxConcurrent
                        ? " (" + tasks + " tasks cannot fill " + maxConcurrent + " slots)"
                        : "";
            case DURING_CLEANUP:
                return " (no cleanup ran after the first signal)";
            default:
                return "";
        }
    }
}
