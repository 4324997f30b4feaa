package io.signaltest.runtime;

import io.signaltest.runtime.internal.HarnessLink;
import io.signaltest.runtime.internal.SignalHandlers;
import io.signaltest.runtime.protocol.LogWriter;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One execution of a task list or a lazy task source: the scheduler, the signal handling and the holds.
 *
 * <p>All bookkeeping (a task starting, its body ending, its cleanup ending, a signal arriving) happens under
 * {@link #lock}, passes the hold gate first, and is logged in the same critical section, so the log's order is the
 * order of the state changes. Task bodies, cleanups and calls to a lazy source run outside the lock, on
 * {@code maxConcurrent} slot threads.
 *
 * <p>Only started tasks have a {@link StartedTask}; a queued task is an index into the list (or one of the few tasks
 * taken ahead from a lazy source), and a task that completed leaves nothing behind. On cancellation the running tasks
 * are interrupted at once; the tasks that never started are written off afterwards, by the thread that runs the run, in
 * small chunks that give way to the slot threads' bookings, so that no cleanup waits for the queue's records.
 */
final class Run implements HarnessLink.Listener {

    private final RunState state;
    private final TaskRunner config;
    private final RunLog log;
    private final HarnessLink harness;
    private final int maxConcurrent;
    private final TaskQueue queue;

    private final ReentrantLock lock;
    private final Condition changed;

    private Throwable sourceFailure;
    private final Set<StartedTask> inBody;
    private final Set<StartedTask> inCleanup;

    private final RunOutcomes outcomes;
    private final Holds holds;
    private final WriteOff writeOff;
    private final Cancellation cancellation;
    private final Cleanup cleanup;

    private int liveWorkers;

    Run(TaskRunner config, TaskQueue queue, LogWriter log, HarnessLink harness) {
        this.state = new RunState(config, queue, new RunLog(log));
        this.config = config;
        this.log = state.log;
        this.harness = harness;
        this.maxConcurrent = state.maxConcurrent;
        this.queue = queue;
        this.lock = state.lock;
        this.changed = state.changed;
        this.inBody = state.inBody;
        this.inCleanup = state.inCleanup;
        this.outcomes = new RunOutcomes(state);
        this.holds = new Holds(state, harness);
        this.writeOff = new WriteOff(state, holds, outcomes);
        this.cancellation = new Cancellation(state, holds, writeOff);
        this.cleanup = new Cleanup(state, holds, writeOff, cancellation, outcomes);
    }

    RunResult execute() {
        SignalHandlers handlers = SignalHandlers.install(config.signals(), this::signal);
        harness.addListener(this);
        try {
            // Under the lock from the first record on: a signal that arrives now waits until every
            // task_queued record is written, so the log never cancels a task before queueing it.
            lock.lock();
            try {
                logStart(handlers);
                holds.reach(Moment.BEFORE_START);
                if (state.cause == null) {
                    startWorkers();
                }
                awaitWorkers();
                state.finished = true;
                RunResult result = outcomes.result(sourceFailure, log);
                logFinish(result);
                return result;
            } finally {
                lock.unlock();
            }
        } finally {
            harness.removeListener(this);
            handlers.restore();
        }
    }

    // ---------------------------------------------------------------- start and finish

    private void logStart(SignalHandlers handlers) {
        log.runStarted(state, handlers, holds.armedNames());
        log.signalsNotHandled(handlers);
        holds.logAtStart();
        log.tasksQueued(queue);
    }

    private void startWorkers() {
        int count = queue.isLazy() ? maxConcurrent : Math.min(maxConcurrent, queue.known());
        for (int slot = 1; slot <= count; slot++) {
            int s = slot;
            Thread worker = new Thread(() -> work(s), "signaltest-slot-" + slot);
            worker.setDaemon(true);
            liveWorkers++;
            worker.start();
        }
    }

    /**
     * Waits for the slot threads, watching cleanup deadlines, and writes off the tasks that never started once the run
     * is cancelled. The caller's interrupts are kept for it, not obeyed.
     */
    private void awaitWorkers() {
        boolean interrupted = false;
        while ((liveWorkers > 0 && !state.escalated) || writeOff.pending()) {
            if (writeOff.mayGoOn()) {
                writeOff.writeChunk();
                continue;
            }
            long now = System.nanoTime();
            // while the interrupted tasks have their grace, look again when it ends; else a signal wakes us
            long wait = writeOff.graceLeft(now);
            wait = cleanup.watchDeadlines(now, wait);
            if (state.escalated && !writeOff.pending()) {
                break;
            }
            if (writeOff.mayGoOn()) {
                continue;
            }
            try {
                if (wait == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.awaitNanos(wait);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void logFinish(RunResult result) {
        holds.logAtFinish();
        log.runFinished(state, outcomes, result.exitCode());
    }

    // ---------------------------------------------------------------- slots

    private void work(int slot) {
        try {
            while (true) {
                StartedTask e;
                lock.lock();
                try {
                    if (!awaitWaitingTask()) {
                        return;
                    }
                    Task task = queue.start();
                    e = new StartedTask(queue.started(), task, state);
                    e.slot = slot;
                    e.phase = StartedTask.Phase.BODY;
                    e.thread = Thread.currentThread();
                    state.occupied++;
                    inBody.add(e);
                    log.taskStarted(e);
                    if (queue.isLazy()
                            && state.cause == null
                            && queue.waiting() == 0
                            && !queue.exhausted()
                            && state.puller == null) {
                        pull(); // one task ahead, so that a free slot never waits for the source and QUEUE_WAITING
                        // exists
                    }
                    holds.reachStateMoment();
                } finally {
                    lock.unlock();
                }
                cleanup.run(e);
            }
        } finally {
            lock.lock();
            try {
                liveWorkers--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits (under the lock) until a task waits for a slot; false when none ever will: cancelled, or the source ended.
     */
    private boolean awaitWaitingTask() {
        while (true) {
            holds.awaitGate();
            if (state.cause != null) {
                return false;
            }
            if (queue.waiting() > 0) {
                return true;
            }
            if (queue.exhausted()) {
                return false;
            }
            if (state.puller != null) {
                changed.awaitUninterruptibly(); // another slot is asking the source
            } else {
                pull();
            }
        }
    }

    /**
     * Takes the next task from the lazy source, calling the source without the lock (it may read a file or a network; a
     * cancellation interrupts it). Called and returns with the lock held.
     */
    private void pull() {
        state.puller = Thread.currentThread();
        Task task = null;
        Throwable failure = null;
        lock.unlock();
        try {
            task = queue.pull();
        } catch (Throwable t) {
            failure = t;
        } finally {
            lock.lock();
        }
        state.puller = null;
        holds.awaitGate();
        if (failure != null) {
            queue.markExhausted();
            if (state.cause == null) { // after a cancellation, a source that fails was most likely interrupted by it
                sourceFailure = failure;
                log.sourceFailed(queue.known(), failure);
            }
        } else if (task == null) {
            queue.markExhausted();
            holds.reachStateMoment();
        } else {
            int id = queue.add(task);
            log.taskQueued(id, task);
        }
        changed.signalAll();
    }

    /** Handles one delivered signal (called on the JVM's signal dispatch thread). */
    void signal(String name, int number) {
        cancellation.signal(name, number);
    }

    @Override
    public void released() {
        cancellation.released();
    }

    @Override
    public void harnessGone() {
        cancellation.harnessGone();
    }
}
