package io.signaltest.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock of a run, and the state that its parts share under it.
 *
 * <p>All bookkeeping (a task starting, its body ending, its cleanup ending, a signal arriving) happens under
 * {@link #lock}, passes the hold gate first, and is logged in the same critical section, so the log's order is the
 * order of the state changes. Task bodies, cleanups and calls to a lazy source run outside the lock, on
 * {@code maxConcurrent} slot threads. Whoever waits for a change (the run's own thread, a slot waiting for a task or at
 * the hold gate) waits on {@link #changed}.
 *
 * <p>Every field is read and written under the lock, except {@link #cause}, which a running task also reads.
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
    int occupied;
    /** A slot thread is asking the lazy source for a task (outside the lock): a cancellation interrupts it. */
    Thread puller;

    /** What cancelled the run, or null while it is not cancelled. */
    volatile String cause;

    String signalName;
    int signalNumber;
    int signalCount;
    boolean escalated;
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
