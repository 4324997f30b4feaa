package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The control case of the pitfall catalogue: a batch program that handles Ctrl+C correctly <em>without</em> the
 * signaltest runtime, on a plain {@link ExecutorService}, writing the cleanup log by hand ({@link HandLog}). It passes
 * the standard scenario matrix; each pitfall that extends it overrides one of its hooks the way a real team gets it
 * wrong.
 *
 * <p>What makes it correct:
 *
 * <ul>
 *   <li>{@code sun.misc.Signal} handlers for SIGINT, SIGTERM and SIGHUP ({@link #installHandlers}): the JVM's own
 *       handling would run shutdown hooks and halt, cutting every cleanup short;
 *   <li>the first signal cancels ({@link #cancel}): {@code shutdownNow()} interrupts the running tasks, and every task
 *       it returns unstarted is reported as cancelled before start; a signal before the pool exists cancels everything
 *       as well;
 *   <li>a task that gets a thread after the signal refuses to start (checked under the same lock as the cancellation);
 *   <li>each started task's cleanup runs once, in its own {@code finally} path, with the cancellation interrupt cleared
 *       ({@link #cleanup}), and later signals are only counted ({@link #onRepeatedSignal});
 *   <li>the program waits for every cleanup, then exits with 128 + the signal's number.
 * </ul>
 *
 * <pre>
 * java -cp ... io.signaltest.sample.pitfalls.HandRolledBatch --tasks 6 --max-concurrent 2 --task-millis 5000
 * </pre>
 */
public class HandRolledBatch {

    protected final Workload workload;
    /** Guards every field below and every state-changing log record; see {@link HandLog}. */
    protected final ReentrantLock lock = new ReentrantLock();

    protected final HandLog log;

    /** Null until the tasks are handed to it, after BEFORE_START. */
    protected ExecutorService pool;

    protected boolean cancelled;
    /** Id to slot of each task that is in its body. */
    protected final Map<Integer, Integer> running = new TreeMap<>();

    private final boolean[] slotTaken;
    private int queued;
    private int inCleanup;
    private int signals;
    private Signal cause;
    private boolean finished;
    private int completed;
    private int failed;
    private int cancelledRunning;
    private int cancelledBeforeStart;

    public static void main(String[] args) {
        new HandRolledBatch(Workload.fromMain("HandRolledBatch", args)).run();
    }

    protected HandRolledBatch(Workload workload) {
        this.workload = workload;
        this.log = HandLog.fromEnvironment(lock);
        this.slotTaken = new boolean[workload.maxConcurrent()];
    }

    /** Runs every task, waits for the last cleanup, and exits with the run's code. */
    protected final void run() {
        Map<String, String> dispositions = installHandlers();
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
                getClass().getSimpleName());
        dispositions.forEach((name, disposition) -> {
            if (disposition.equals("inherited-ignored")) {
                String detail = "SIG" + name + " was inherited as ignored: this process cannot receive it";
                log.write("signal_ignored", "signal", name, "disposition", disposition, "detail", detail);
                System.err.println("WARNING: " + detail);
            }
        });

        lock.lock();
        try {
            for (int id = 1; id <= workload.tasks(); id++) {
                queued++;
                log.write("task_queued", "task", id, "name", "input-" + id);
            }
            log.reach("BEFORE_START", 0, 0, queued, workload.maxConcurrent());
            if (cancelled) {
                for (int id = 1; id <= workload.tasks(); id++) {
                    cancelledBeforeStart(id);
                }
            } else {
                startTasks();
            }
        } finally {
            lock.unlock();
        }

        awaitTasks();

        int code;
        lock.lock();
        try {
            finished = true;
            code = cause != null ? 128 + cause.getNumber() : failed > 0 ? 1 : 0;
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
                    failed,
                    "cancelled",
                    cancelledRunning,
                    "cancelled_before_start",
                    cancelledBeforeStart,
                    "abandoned",
                    List.of(),
                    "exit_code",
                    code);
            log.write(
                    "exit",
                    "code",
                    code,
                    "chosen_by",
                    "application",
                    "proposed_code",
                    code,
                    "completed",
                    completed,
                    "failed",
                    failed,
                    "cancelled",
                    cancelledRunning,
                    "cancelled_before_start",
                    cancelledBeforeStart);
        } finally {
            lock.unlock();
        }
        System.exit(code);
    }

    /** Hands every task to the pool; with the lock held, before any signal cancelled the run. */
    protected void startTasks() {
        pool = Executors.newFixedThreadPool(workload.maxConcurrent());
        for (int id = 1; id <= workload.tasks(); id++) {
            pool.execute(new TaskRunnable(id));
        }
    }

    /** Waits, on {@code main}, until every task has ended and every cleanup has finished. */
    protected void awaitTasks() {
        ExecutorService p;
        lock.lock();
        try {
            p = pool;
        } finally {
            lock.unlock();
        }
        if (p == null) {
            return;
        }
        p.shutdown(); // no more tasks: the pool ends once the queued ones have run (or were cancelled)
        boolean interrupted = false;
        while (true) {
            try {
                if (p.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // main waits for the cleanups whatever happens
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- hooks

    /**
     * Installs the signal handlers; returns each signal's disposition for {@code run_started}: {@code handled},
     * {@code inherited-ignored} (the JVM refuses a signal that was ignored when it started) or {@code unavailable}.
     */
    protected Map<String, String> installHandlers() {
        return installHandlers(List.of("INT", "TERM", "HUP"));
    }

    /** Installs this program's handler for each of {@code names} (signal names without "SIG"). */
    protected final Map<String, String> installHandlers(List<String> names) {
        Map<String, String> dispositions = new LinkedHashMap<>();
        for (String name : names) {
            try {
                SignalHandler before = Signal.handle(new Signal(name), this::onSignal);
                dispositions.put(name, before == SignalHandler.SIG_IGN ? "inherited-ignored" : "handled");
            } catch (IllegalArgumentException reservedOrUnknown) {
                dispositions.put(name, "unavailable");
            }
        }
        return dispositions;
    }

    /** The first signal: stop everything. Called with the lock held, after {@code signal_received} was logged. */
    protected void cancel() {
        cancelled = true;
        if (pool != null) {
            for (Runnable neverStarted : pool.shutdownNow()) {
                cancelledBeforeStart(((TaskRunnable) neverStarted).id);
            }
        }
    }

    /** A later signal: count it and let the cleanups finish. Called with the lock held. */
    protected void onRepeatedSignal(Signal signal, int count) {
        log.signalReceived(
                signal.getName(),
                signal.getNumber(),
                count,
                running.isEmpty() && inCleanup == 0 ? "ignored" : "ignored-during-cleanup");
    }

    /** The task's work: a temporary file, then a long wait that only an interrupt cuts short. */
    protected void body(int id, Path temp) throws IOException, InterruptedException {
        workload.createTempFile(id);
        Thread.sleep(workload.taskMillis());
    }

    /**
     * The task's cleanup: runs after the body however it ended. Shielded: no interrupt cuts it short, neither the
     * cancellation's own (cleared first) nor the one {@code shutdownNow()} sends to a cleanup that began just before
     * the signal, after its task had completed (a race that only signals landing between the moments find).
     */
    protected void cleanup(int id, Path temp) throws IOException, InterruptedException {
        Thread.interrupted();
        sleepShielded(workload.cleanupMillis()); // stands in for flushing to slow storage
        Files.deleteIfExists(temp);
    }

    /** Sleeps {@code millis} whatever interrupts come, and keeps the last one for the caller. */
    protected static void sleepShielded(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = false;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- shared by the hooks

    /** What {@code read} returns, read with the lock held. */
    protected final <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** 128 + the number of the signal that cancelled the run; with the lock held, after it did. */
    protected final int signalExitCode() {
        return cause == null ? 0 : 128 + cause.getNumber();
    }

    /** Logs the start of a cleanup; with the lock held. */
    protected final long logCleanupStarted(int id, int slot, String after) {
        log.write("cleanup_started", "task", id, "slot", slot, "after", after);
        return System.nanoTime();
    }

    /** Logs the end of a cleanup that began at {@code startNanos}; with the lock held. */
    protected final void logCleanupFinished(int id, int slot, long startNanos, IOException error) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
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
                    error.toString());
        }
    }

    /** Reports a task that never started; with the lock held. */
    protected final void cancelledBeforeStart(int id) {
        queued--;
        cancelledBeforeStart++;
        log.write("task_cancelled_before_start", "task", id, "was", "queued");
    }

    // ---------------------------------------------------------------- signals

    private void onSignal(Signal signal) {
        lock.lock();
        try {
            signals++;
            if (finished) {
                log.signalReceived(signal.getName(), signal.getNumber(), signals, "ignored-run-finished");
            } else if (signals == 1) {
                cause = signal;
                log.signalReceived(signal.getName(), signal.getNumber(), signals, "cancel");
                cancel();
            } else {
                onRepeatedSignal(signal, signals);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- one task

    /** The pool's unit of work, carrying its task id so that {@code shutdownNow()}'s list can be reported. */
    protected final class TaskRunnable implements Runnable {
        final int id;

        TaskRunnable(int id) {
            this.id = id;
        }

        @Override
        public void run() {
            int slot;
            lock.lock();
            try {
                log.awaitGate();
                if (cancelled) { // got a thread after the signal: never start
                    cancelledBeforeStart(id);
                    return;
                }
                slot = takeSlot();
                queued--;
                running.put(id, slot);
                log.write("task_started", "task", id, "slot", slot);
                reachStateMoment();
            } finally {
                lock.unlock();
            }
            try {
                runStarted(id, slot);
            } catch (IOException | InterruptedException e) {
                // Only a cleanup that throws gets here: it left its task unfinished.
                throw new IllegalStateException("cleanup of task " + id + " did not finish: " + e, e);
            }
        }

        @Override
        public String toString() {
            return "task " + id;
        }
    }

    private void runStarted(int id, int slot) throws IOException, InterruptedException {
        Path temp = workload.tempFile(id);
        Exception bodyError = null;
        try {
            body(id, temp);
        } catch (Exception e) {
            bodyError = e;
        }

        String after;
        long cleanupStart;
        lock.lock();
        try {
            log.awaitGate();
            running.remove(id);
            inCleanup++;
            after = cancelled ? "cancelled" : bodyError != null ? "failed" : "completed";
            cleanupStart = logCleanupStarted(id, slot, after);
            if (cancelled) {
                log.reach("DURING_CLEANUP", running.size(), inCleanup, queued, workload.maxConcurrent());
            } else {
                reachStateMoment();
            }
        } finally {
            lock.unlock();
        }

        IOException cleanupError = null;
        try {
            cleanup(id, temp); // an InterruptedException escapes: nothing more is logged for this task
        } catch (IOException e) {
            cleanupError = e;
        }

        lock.lock();
        try {
            log.awaitGate();
            inCleanup--;
            logCleanupFinished(id, slot, cleanupStart, cleanupError);
            switch (after) {
                case "cancelled" -> {
                    cancelledRunning++;
                    log.write(
                            "task_cancelled",
                            "task",
                            id,
                            "slot",
                            slot,
                            "was",
                            "running",
                            "ended_by",
                            bodyError == null ? "return" : bodyError.toString());
                }
                case "failed" -> {
                    failed++;
                    log.write("task_failed", "task", id, "slot", slot, "error", bodyError.toString());
                }
                default -> {
                    completed++;
                    log.write("task_completed", "task", id, "slot", slot);
                }
            }
            slotTaken[slot - 1] = false;
            reachStateMoment();
        } finally {
            lock.unlock();
        }
    }

    private int takeSlot() {
        for (int i = 0; i < slotTaken.length; i++) {
            if (!slotTaken[i]) {
                slotTaken[i] = true;
                return i + 1;
            }
        }
        throw new IllegalStateException("no free slot, yet the pool ran a task: " + new ArrayList<>(running.keySet()));
    }

    /** Holds at BELOW_LIMIT, ALL_SLOTS_FULL or QUEUE_WAITING when the state is that moment and it is armed. */
    private void reachStateMoment() {
        if (cancelled) {
            return;
        }
        int max = workload.maxConcurrent();
        int busy = running.size();
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
