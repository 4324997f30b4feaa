package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catalogue entry 3; pitfalls guide, section 3 (queued work): one thread per task, each waiting on a {@link Semaphore}
 * for a slot, and a "cancelled?" check made before the wait instead of after it.
 *
 * <p>The handler marks the run cancelled and interrupts the tasks that hold a permit. The threads still waiting for a
 * permit are left alone: they "have not started yet", and the check for cancellation was made before they began to
 * wait. When the cancelled tasks finish their cleanups and release their permits, the waiters get them and start, after
 * the signal. (Their work loop notices the cancellation at once, so the program still exits, with 130.) The check must
 * be made under the same lock that hands out the slot, after the wait.
 *
 * <p>Symptom, with tasks waiting for a slot (QUEUE_WAITING): "task 3 started after the signal" (which waiter gets a
 * permit first is up to the threads, so it may be task 4).
 */
public final class QueuedStartAfterCancel {

    private static final long CHUNK_MILLIS = 100;

    private final Workload workload;
    private final ReentrantLock lock = new ReentrantLock();
    private final HandLog log;
    private final Semaphore permits;
    // guarded by lock:
    private final Map<Integer, Thread> working = new TreeMap<>();
    private final boolean[] slotTaken;
    private volatile boolean cancelled;
    private boolean allWaiting;
    private int queued;
    private int inCleanup;
    private int signals;
    private Signal cause;
    private int completed;
    private int cancelledRunning;
    private int cancelledBeforeStart;

    public static void main(String[] args) throws InterruptedException {
        new QueuedStartAfterCancel(Workload.fromMain("QueuedStartAfterCancel", args)).run();
    }

    private QueuedStartAfterCancel(Workload workload) {
        this.workload = workload;
        this.log = HandLog.fromEnvironment(lock);
        this.permits = new Semaphore(workload.maxConcurrent());
        this.slotTaken = new boolean[workload.maxConcurrent()];
    }

    private void run() throws InterruptedException {
        Map<String, String> dispositions = new LinkedHashMap<>();
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                SignalHandler before = Signal.handle(new Signal(name), this::onSignal);
                dispositions.put(name, before == SignalHandler.SIG_IGN ? "inherited-ignored" : "handled");
            } catch (IllegalArgumentException reservedOrUnknown) {
                dispositions.put(name, "unavailable");
            }
        }
        log.write(
                "run_started",
                "pid",
                ProcessHandle.current().pid(),
                "tasks",
                workload.tasks(),
                "max_concurrent",
                workload.maxConcurrent(),
                "signals",
                dispositions,
                "holds",
                log.holds(),
                "java_version",
                System.getProperty("java.version"),
                "clock_origin_ns",
                log.originNanos(),
                "program",
                "QueuedStartAfterCancel");
        lock.lock();
        try {
            for (int id = 1; id <= workload.tasks(); id++) {
                queued++;
                log.write("task_queued", "task", id, "name", "input-" + id);
            }
            log.reach("BEFORE_START", 0, 0, queued, workload.maxConcurrent());
        } finally {
            lock.unlock();
        }

        List<Thread> threads = new ArrayList<>();
        for (int id = 1; id <= workload.tasks(); id++) {
            lock.lock();
            try {
                if (cancelled) { // checked before the task waits for a slot: too early
                    cancelledBeforeStart(id);
                    continue;
                }
            } finally {
                lock.unlock();
            }
            int task = id;
            Thread thread = new Thread(() -> runTask(task), "task-" + id);
            threads.add(thread);
            thread.start();
        }
        lock.lock();
        try {
            allWaiting = true; // every task not cancelled has its thread now, past the check
            reachStateMoment();
        } finally {
            lock.unlock();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        int code;
        lock.lock();
        try {
            code = cause == null ? 0 : 128 + cause.getNumber();
            log.finish();
            log.write(
                    "run_finished",
                    "cause",
                    cause == null ? null : "signal",
                    "signal",
                    cause == null ? null : cause.getName(),
                    "signals_received",
                    signals,
                    "completed",
                    completed,
                    "failed",
                    0,
                    "cancelled",
                    cancelledRunning,
                    "cancelled_before_start",
                    cancelledBeforeStart,
                    "abandoned",
                    List.of(),
                    "exit_code",
                    code);
            log.write("exit", "code", code, "chosen_by", "application", "proposed_code", code);
        } finally {
            lock.unlock();
        }
        System.exit(code);
    }

    private void onSignal(Signal signal) {
        lock.lock();
        try {
            signals++;
            if (signals == 1) {
                cause = signal;
                log.signalReceived(signal.getName(), signal.getNumber(), signals, "cancel");
                cancelled = true;
                working.values().forEach(Thread::interrupt); // only the tasks holding a permit
            } else {
                log.signalReceived(
                        signal.getName(),
                        signal.getNumber(),
                        signals,
                        working.isEmpty() && inCleanup == 0 ? "ignored" : "ignored-during-cleanup");
            }
        } finally {
            lock.unlock();
        }
    }

    private void runTask(int id) {
        permits.acquireUninterruptibly(); // wait for a slot
        try {
            int slot;
            lock.lock();
            try {
                log.awaitGate();
                slot = takeSlot();
                queued--;
                working.put(id, Thread.currentThread());
                log.write("task_started", "task", id, "slot", slot);
                reachStateMoment();
            } finally {
                lock.unlock();
            }
            Path temp = workload.tempFile(id);
            try {
                work(id);
            } catch (IOException | InterruptedException e) {
                // cancelled (or failed): the cleanup below runs either way
            }
            cleanUp(id, slot, temp);
        } finally {
            permits.release();
        }
    }

    /** Works in chunks, and stops at the next chunk once the run is cancelled. */
    private void work(int id) throws IOException, InterruptedException {
        workload.createTempFile(id);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(workload.taskMillis());
        for (long left = workload.taskMillis();
                left > 0;
                left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
            if (cancelled) {
                return;
            }
            Thread.sleep(Math.min(CHUNK_MILLIS, left));
        }
    }

    private void cleanUp(int id, int slot, Path temp) {
        String after;
        long start;
        lock.lock();
        try {
            log.awaitGate();
            working.remove(id);
            inCleanup++;
            after = cancelled ? "cancelled" : "completed";
            log.write("cleanup_started", "task", id, "slot", slot, "after", after);
            start = System.nanoTime();
            if (cancelled) {
                log.reach("DURING_CLEANUP", working.size(), inCleanup, queued, workload.maxConcurrent());
            }
        } finally {
            lock.unlock();
        }
        Thread.interrupted();
        String error = null;
        try {
            Thread.sleep(workload.cleanupMillis());
            Files.deleteIfExists(temp);
        } catch (IOException | InterruptedException e) {
            error = e.toString();
        }
        lock.lock();
        try {
            log.awaitGate();
            inCleanup--;
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (error == null) {
                log.write("cleanup_finished", "task", id, "slot", slot, "duration_ms", ms, "overran", false);
            } else {
                log.write(
                        "cleanup_failed",
                        "task",
                        id,
                        "slot",
                        slot,
                        "duration_ms",
                        ms,
                        "overran",
                        false,
                        "error",
                        error);
            }
            if (after.equals("cancelled")) {
                cancelledRunning++;
                log.write("task_cancelled", "task", id, "slot", slot, "was", "running");
            } else {
                completed++;
                log.write("task_completed", "task", id, "slot", slot);
            }
            slotTaken[slot - 1] = false;
            reachStateMoment();
        } finally {
            lock.unlock();
        }
    }

    private void cancelledBeforeStart(int id) {
        queued--;
        cancelledBeforeStart++;
        log.write("task_cancelled_before_start", "task", id, "was", "queued");
    }

    private int takeSlot() {
        for (int i = 0; i < slotTaken.length; i++) {
            if (!slotTaken[i]) {
                slotTaken[i] = true;
                return i + 1;
            }
        }
        throw new IllegalStateException("a permit but no free slot");
    }

    /** As in {@link HandRolledBatch}, once every task's thread is waiting (so the moment shows the waiters). */
    private void reachStateMoment() {
        if (cancelled || !allWaiting) {
            return;
        }
        int max = workload.maxConcurrent();
        int busy = working.size();
        String moment = null;
        if (busy == max && queued == 0) {
            moment = "ALL_SLOTS_FULL";
        } else if (busy == max) {
            moment = "QUEUE_WAITING";
        } else if (busy > 0 && busy + inCleanup < max && queued == 0) {
            moment = "BELOW_LIMIT";
        }
        if (moment != null) {
            log.reach(moment, busy, inCleanup, queued, max);
        }
    }
}
