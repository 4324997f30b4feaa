package io.signaltest.runtime;

import io.signaltest.runtime.internal.HarnessLink;
import io.signaltest.runtime.internal.SignalHandlers;
import io.signaltest.runtime.protocol.LogWriter;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One execution of a task list or a lazy task source. It creates the run's parts, each of which owns one thing:
 * {@link Admission} gives waiting tasks to slots, {@link Cleanup} takes a started task through its body and its
 * cleanup, {@link Cancellation} handles signals, fail-fast and the harness's control channel, {@link WriteOff} writes
 * off the tasks that never started, {@link Holds} holds at the moments a harness armed, {@link RunLog} writes the
 * records, and {@link RunOutcomes} keeps what the result needs. They share {@link RunState} and its one lock, whose
 * rules are written there.
 *
 * <p>What is left here is the run's own thread, which holds the lock from the first record to the last and waits on its
 * condition for the slots, meanwhile writing off the queue and watching the cleanup deadlines; and the front door for
 * the JVM's signal dispatch thread and the harness's control channel. Every part is created with the run, so that its
 * class is loaded before the first signal: the code that runs after one must not stop to load a class.
 */
final class Run implements HarnessLink.Listener {

    private final RunState state;
    private final TaskRunner config;
    private final RunLog log;
    private final HarnessLink harness;
    private final TaskQueue queue;
    private final ReentrantLock lock;
    private final Condition changed;

    private final RunOutcomes outcomes;
    private final Holds holds;
    private final WriteOff writeOff;
    private final Cancellation cancellation;
    private final Cleanup cleanup;
    private final Admission admission;

    Run(TaskRunner config, TaskQueue queue, LogWriter log, HarnessLink harness) {
        this.state = new RunState(config, queue, new RunLog(log));
        this.config = config;
        this.log = state.log;
        this.harness = harness;
        this.queue = queue;
        this.lock = state.lock;
        this.changed = state.changed;
        this.outcomes = new RunOutcomes(state);
        this.holds = new Holds(state, harness);
        this.writeOff = new WriteOff(state, holds, outcomes);
        this.cancellation = new Cancellation(state, holds, writeOff);
        this.cleanup = new Cleanup(state, holds, writeOff, cancellation, outcomes);
        this.admission = new Admission(state, holds, cleanup);
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
                    admission.startWorkers();
                }
                awaitWorkers();
                state.finished = true;
                RunResult result = outcomes.result(admission.sourceFailure(), log);
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

    private void logStart(SignalHandlers handlers) {
        log.runStarted(state, handlers, holds.armedNames());
        log.signalsNotHandled(handlers);
        holds.logAtStart();
        log.tasksQueued(queue);
    }

    /**
     * Waits for the slot threads, watching cleanup deadlines, and writes off the tasks that never started once the run
     * is cancelled. The caller's interrupts are kept for it, not obeyed.
     */
    private void awaitWorkers() {
        boolean interrupted = false;
        while ((admission.liveWorkers() > 0 && !state.escalated) || writeOff.pending()) {
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
