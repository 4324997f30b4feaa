package io.signaltest.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock of a run, and the state that its parts share under it. The lock's rules:
 *
 * <ul>
 *   <li>All bookkeeping (a task starting, its body ending, its cleanup ending, a signal arriving) happens under
 *       {@link #lock}, passes the hold gate first ({@link Holds#awaitGate}), and is logged in the same critical
 *       section, so the log's order is the order of the state changes.
 *   <li>Task bodies, cleanups and calls to a lazy source run outside the lock, on {@code maxConcurrent} slot threads
 *       ({@link Admission}, {@link Cleanup}); so do the callbacks of the tasks written off ({@link WriteOff}) and the
 *       program's {@link IgnoredSignalListener} ({@link Cancellation}). A part lets the lock go for such a call.
 *   <li>A slot thread that books the end of a body or a cleanup takes the lock through {@link WriteOff#lockForBooking}:
 *       the write-off of the queue gives way while one waits.
 *   <li>Whoever waits for a change (the run's own thread, a slot waiting for a task or at the hold gate, a hold) waits
 *       on {@link #changed}, which lets the lock go; whoever makes a change that one of them waits for signals it.
 * </ul>
 *
 * <p>Only {@link Cancellation} writes {@link #cause} and the signal fields; only {@link Admission} and {@link Cleanup}
 * move tasks into and out of {@link #inBody} and {@link #inCleanup}. Every field is read and written under the lock,
 * except {@link #cause}, which a running task also reads.
 */
final class RunState {

    final TaskRunner config;
    final RunLog log;
    final TaskQueue queue;
    final int maxConcurrent;

    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();

    final Set<StartedTask> inBody = new LinkedHashSet<>();
    final Set<StartedTask> inCleanup = new LinkedHashSet<>();
    /** Slots with a task, in its body or its cleanup. */
    int occupied;
    /** A slot thread is asking the lazy source for a task (outside the lock): a cancellation interrupts it. */
    Thread puller;

    /** What cancelled the run, or null while it is not cancelled. */
    volatile String cause;

    String signalName;
    int signalNumber;
    int signalCount;
    /** The run gave up on the cleanups still running: it ends without them. */
    boolean escalated;
    /** The run's own thread is past its wait for the slots: a signal now is logged, and ignored. */
    boolean finished;

    RunState(TaskRunner config, TaskQueue queue, RunLog log) {
        this.config = config;
        this.log = log;
        this.queue = queue;
        this.maxConcurrent = config.maxConcurrent();
    }

    /** Known tasks still waiting for a slot: none once the run is cancelled (they are written off, not queued). */
    int queued() {
        return cause == null ? queue.waiting() : 0;
    }

    /** The started tasks still in their body or cleanup: after an escalation, the abandoned ones. */
    List<StartedTask> live() {
        List<StartedTask> live = new ArrayList<>(inBody);
        live.addAll(inCleanup);
        return live;
    }
}
