package io.signaltest.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write-off of the tasks that never started, once a run is cancelled: their task_cancelled_before_start records,
 * their outcomes and their callbacks. It is apart from the cancellation so that it never stands between a signal and
 * the first cleanup: the cancellation only marks where it starts ({@link #begin}), and the run's own thread writes the
 * tasks off afterwards, in chunks of {@value #CHUNK}, giving way to a hold in force, to slot threads waiting to book
 * the end of a body or a cleanup ({@link #lockForBooking}), and, for a short grace, to the interrupted tasks on their
 * way to their cleanups. Used under the run's lock.
 */
final class WriteOff {

    /** How many task_cancelled_before_start records one step of the write-off writes: well under a millisecond. */
    static final int CHUNK = 512;
    /** The longest the write-off waits for the interrupted tasks to reach their cleanups. */
    static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final RunState run;
    private final RunLog log;
    private final TaskQueue queue;
    private final Holds holds;
    private final RunOutcomes outcomes;
    private final ReentrantLock lock;
    private final Condition changed;
    private final Set<StartedTask> inBody;

    /**
     * After a cancellation, the highest task id already written off (or started): the tasks {@code writtenOff + 1 ..
     * queue.known()} still need their task_cancelled_before_start record.
     */
    private int writtenOff;
    /**
     * Until when the write-off waits for the interrupted tasks to book their cleanups, so that it does not take a CPU
     * from them: bounded, since a body may ignore its interrupt.
     */
    private long notBefore;
    /** Slot threads waiting for the lock to book a body's or a cleanup's end: the write-off gives way to them. */
    private final AtomicInteger bookingsWaiting = new AtomicInteger();

    WriteOff(RunState run, Holds holds, RunOutcomes outcomes) {
        this.run = run;
        this.log = run.log;
        this.queue = run.queue;
        this.holds = holds;
        this.outcomes = outcomes;
        this.lock = run.lock;
        this.changed = run.changed;
        this.inBody = run.inBody;
    }

    /**
     * The run was just cancelled: every task that has not started is to be written off, after the grace of the
     * interrupted tasks.
     */
    void begin() {
        writtenOff = queue.started();
        notBefore = System.nanoTime() + GRACE_NANOS;
    }

    /**
     * While the interrupted tasks have their grace, how long it still lasts from {@code now}; else
     * {@link Long#MAX_VALUE}.
     */
    long graceLeft(long now) {
        return pending() && notBefore - now > 0 ? notBefore - now : Long.MAX_VALUE;
    }

    /** The run is cancelled and tasks that never started are still to be written off. */
    boolean pending() {
        return run.cause != null && writtenOff < queue.known();
    }

    /**
     * The write-off goes on when no hold is in force, no slot thread waits to book, and the interrupted tasks have all
     * reached their cleanups (or had their grace).
     */
    boolean mayGoOn() {
        return pending()
                && !holds.holding()
                && bookingsWaiting.get() == 0
                && (inBody.isEmpty() || run.escalated || System.nanoTime() - notBefore >= 0);
    }

    /**
     * Writes off the next chunk of tasks that never started (their records, then their callbacks, outside the lock).
     * Small chunks: a slot thread that wants to book a cleanup waits at most for one of them.
     */
    void writeChunk() {
        int from = writtenOff + 1;
        int count = Math.min(CHUNK, queue.known() - writtenOff);
        log.tasksCancelledBeforeStart(from, count);
        writtenOff += count;
        outcomes.cancelledBeforeStart(count);
        List<Runnable> callbacks = new ArrayList<>();
        for (int id = from; id < from + count; id++) {
            Task task = queue.task(id);
            if (queue.isLazy()) {
                outcomes.takenButWrittenOff(id, task);
            }
            if (task.cancelledBeforeStartCallback() != null) {
                callbacks.add(new CancelledCallback(id, task));
            }
        }
        if (!callbacks.isEmpty()) {
            lock.unlock();
            try {
                runCallbacks(callbacks);
            } finally {
                lock.lock();
            }
        }
    }

    /**
     * Takes the lock to book the end of a body or a cleanup, ahead of the write-off of a cancelled queue: the write-off
     * gives way while such bookings wait.
     */
    void lockForBooking() {
        bookingsWaiting.incrementAndGet();
        lock.lock();
        if (bookingsWaiting.decrementAndGet() == 0 && pending()) {
            changed.signalAll(); // the write-off waits for the bookings to get through
        }
    }

    private final class CancelledCallback implements Runnable {
        private final int id;
        private final Task task;

        CancelledCallback(int id, Task task) {
            this.id = id;
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.cancelledBeforeStartCallback().run();
            } catch (Throwable t) {
                log.cancelCallbackFailed(id, t);
            }
        }
    }

    private static void runCallbacks(List<Runnable> callbacks) {
        for (Runnable callback : callbacks) {
            callback.run();
        }
    }
}
