package io.signaltest.runtime;

import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission of tasks to slots: the slot threads, each of which takes the next waiting task from the {@link TaskQueue}
 * (a list, or a lazy source asked without the lock and one task ahead) and runs it ({@link Cleanup#run}), until none
 * will ever wait again. Taking a task is a booking like any other, under the lock and behind the hold gate, and it
 * checks the cause first: nothing starts after a cancellation. Apart because this is the one place that decides when a
 * task starts; the rest of the run sees only started tasks.
 */
final class Admission {

    private final RunState run;
    private final RunLog log;
    private final TaskQueue queue;
    private final int maxConcurrent;
    private final Holds holds;
    private final Cleanup cleanup;
    private final ReentrantLock lock;
    private final Condition changed;
    private final Set<StartedTask> inBody;

    /** Slot threads that have not ended yet: the run waits for them. */
    private int liveWorkers;

    private Throwable sourceFailure;

    Admission(RunState run, Holds holds, Cleanup cleanup) {
        this.run = run;
        this.log = run.log;
        this.queue = run.queue;
        this.maxConcurrent = run.maxConcurrent;
        this.holds = holds;
        this.cleanup = cleanup;
        this.lock = run.lock;
        this.changed = run.changed;
        this.inBody = run.inBody;
    }

    int liveWorkers() {
        return liveWorkers;
    }

    /** What the lazy source threw before any cancellation, or null. */
    Throwable sourceFailure() {
        return sourceFailure;
    }

    /** Starts the slot threads: as many as the limit allows, and no more than a list has tasks. Under the lock. */
    void startWorkers() {
        int count = queue.isLazy() ? maxConcurrent : Math.min(maxConcurrent, queue.known());
        for (int slot = 1; slot <= count; slot++) {
            int s = slot;
            Thread worker = new Thread(() -> work(s), "signaltest-slot-" + slot);
            worker.setDaemon(true);
            liveWorkers++;
            worker.start();
        }
    }

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
                    e = new StartedTask(queue.started(), task, run);
                    e.slot = slot;
                    e.phase = StartedTask.Phase.BODY;
                    e.thread = Thread.currentThread();
                    run.occupied++;
                    inBody.add(e);
                    log.taskStarted(e);
                    if (queue.isLazy()
                            && run.cause == null
                            && queue.waiting() == 0
                            && !queue.exhausted()
                            && run.puller == null) {
                        // one task ahead, so that a free slot never waits for the source and QUEUE_WAITING exists
                        pull();
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
            if (run.cause != null) {
                return false;
            }
            if (queue.waiting() > 0) {
                return true;
            }
            if (queue.exhausted()) {
                return false;
            }
            if (run.puller != null) {
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
        run.puller = Thread.currentThread();
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
        run.puller = null;
        holds.awaitGate();
        if (failure != null) {
            queue.markExhausted();
            if (run.cause == null) { // after a cancellation, a source that fails was most likely interrupted by it
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
}
