package io.signaltest.agent.internal;

import io.signaltest.runtime.internal.EventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The agent's state machine, called by the advice woven into the executors, the signal
 * dispatcher and the JVM's shutdown: it writes the cleanup log (format v1) and holds the armed
 * moments exactly as the runtime does. Loaded by the bootstrap class loader, like the classes
 * that call it. Every method is a no-op until {@link #start} and after {@link #standAside}.
 *
 * <p>One lock guards everything. A hold is a gate: while it is closed no task is queued or
 * started and no task end is booked; the threads that would do so wait on the lock.
 */
public final class Recorder {

    static final Set<String> MOMENTS = Set.of("BEFORE_START", "BELOW_LIMIT", "ALL_SLOTS_FULL", "QUEUE_WAITING",
            "DURING_CLEANUP");
    private static final int MAX_NAME = 240;

    private static final Object LOCK = new Object();
    private static volatile boolean active;

    private static EventLog log;
    private static List<String> holds = List.of();
    private static long holdTimeoutMs;
    private static String follow;
    private static int nextHold;
    private static boolean held;
    /** A hold was ended by a signal: work that the hold delayed must not race the program's cancellation. */
    private static boolean releasedBySignal;
    private static long holdDeadline;

    private static final Map<Object, Tracked.Executor> EXECUTORS = new IdentityHashMap<>();
    /** By the task's Runnable, or, for a task limited by a semaphore, by its (virtual) thread. */
    private static final Map<Object, Tracked.Task> TASKS = new IdentityHashMap<>();
    private static int nextExecutorId = 1;
    private static int nextTaskId = 1;
    private static boolean anyStarted;

    private static boolean cancelled;
    private static String cancelCause;
    private static String cancelSignal;
    private static int signals;
    private static int completed;
    private static int failed;
    private static int cancelledRunning;
    private static int cancelledBeforeStart;

    private static Integer exitCode;
    private static String exitChosenBy;
    private static String exitCaller;
    private static boolean finished;

    private Recorder() {
    }

    // ------------------------------------------------------------------ lifecycle

    /** Writes {@code run_started} and arms the moments; called once, by the installer (another class loader). */
    public static void start(EventLog eventLog, List<String> armed, long timeoutMs, String followed, String version) {
        Map<String, String> dispositions = SignalNames.dispositions();
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String moment : armed) {
            (MOMENTS.contains(moment) ? known : unknown).add(moment);
        }
        synchronized (LOCK) {
            log = eventLog;
            holdTimeoutMs = timeoutMs;
            follow = followed;
            // "holds" lists the moments this run will hold at, in order, as the runtime's run_started
            // does: the harness reads it to know that every armed moment, repeated ones too, is honoured.
            log.write("run_started", "pid", ProcessHandle.current().pid(), "writer", "agent",
                    "agent_version", version, "tasks", null, "max_concurrent", null, "cleanup_deadline_ms", null,
                    "signals", dispositions, "holds", known, "follow", followed,
                    "java_version", System.getProperty("java.version"), "runtime_version", null,
                    "wall_clock", Instant.now().toString(), "clock_origin_ns", log.originNanos());
            for (Map.Entry<String, String> d : dispositions.entrySet()) {
                if (d.getValue().equals("inherited-ignored")) {
                    log.write("signal_ignored", "signal", d.getKey(), "disposition", d.getValue(),
                            "detail", "SIG" + d.getKey() + " was ignored when this JVM started (a parent ignored it), "
                                    + "so the program cannot receive it");
                }
            }
            for (String moment : unknown) {
                log.write("hold_unknown", "moment", moment, "detail", "signaltest-agent knows "
                        + String.join(", ", MOMENTS.stream().sorted().toList()));
            }
            holds = known;
            active = true;
        }
    }

    /**
     * The program writes its own log through the signaltest runtime ({@code runtimeLog} is the
     * runtime's log writer): that log wins, the agent records nothing more, and says so in it.
     */
    public static void standAside(Object runtimeLog) {
        try {
            standAsideGuarded(runtimeLog);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void standAsideGuarded(Object runtimeLog) {
        synchronized (LOCK) {
            if (!active) {
                return;
            }
            active = false;
            held = false;
            LOCK.notifyAll();
        }
        try {
            runtimeLog.getClass().getMethod("write", String.class, Object[].class).invoke(runtimeLog,
                    "agent_stood_aside", new Object[] {"detail", "the program writes this log through the "
                            + "signaltest runtime, so signaltest-agent records nothing"});
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("signaltest-agent: the program uses the signaltest runtime, whose log wins; "
                    + "the agent records nothing");
        }
    }

    // ------------------------------------------------------------------ executors

    /** {@code ThreadPoolExecutor.execute} is entered: a task is being submitted. */
    public static void submitting(ThreadPoolExecutor pool, Runnable task) {
        if (!active || task == null) {
            return;
        }
        try {
            synchronized (LOCK) {
                Tracked.Executor executor = executor(pool);
                if (!anyStarted && TASKS.isEmpty() && armed("BEFORE_START")) {
                    reach("BEFORE_START", executor);
                }
                boolean wasHeld = gate();
                if (wasHeld && cancelled) {
                    // A submission held at the moment would, after the signal, race the program's own
                    // shutdown of the pool; it goes on once that shutdown has happened, as it would have.
                    awaitShutdownOf(executor);
                }
                if (active && !TASKS.containsKey(task)) {
                    Tracked.Task t = new Tracked.Task(nextTaskId++, executor, describe(task));
                    TASKS.put(task, t);
                    executor.queued++;
                    logQueued(t);
                    evaluate(executor);
                }
            }
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code ThreadPoolExecutor.reject}: the pool refused {@code task} (it is shut down, or full). */
    public static void rejected(ThreadPoolExecutor pool, Runnable task) {
        if (!active || task == null) {
            return;
        }
        try {
            synchronized (LOCK) {
                Tracked.Task t = TASKS.get(task);
                if (t == null || t.state != Tracked.State.QUEUED) {
                    return;
                }
                TASKS.remove(task);
                t.executor.queued--;
                log.write("task_cancelled_before_start", "task", t.id, "was", "rejected", "executor", t.executor.label,
                        "detail", pool.isShutdown() ? "submitted after the pool was shut down" : "the pool is full");
                cancelledBeforeStart++;
            }
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code ThreadPoolExecutor.beforeExecute}: a worker is about to run {@code task}. */
    public static void starting(ThreadPoolExecutor pool, Thread worker, Runnable task) {
        try {
            startingGuarded(pool, worker, task);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void startingGuarded(ThreadPoolExecutor pool, Thread worker, Runnable task) {
        if (!active || task == null) {
            return;
        }
        synchronized (LOCK) {
            Tracked.Executor executor = executor(pool);
            if (!anyStarted && armed("BEFORE_START")) {
                reach("BEFORE_START", executor);
            }
            gate();
            if (!active) {
                return;
            }
            Tracked.Task t = TASKS.get(task);
            if (t == null) { // scheduled pools queue their tasks without execute()
                t = new Tracked.Task(nextTaskId++, executor, describe(task));
                TASKS.put(task, t);
                executor.queued++;
            }
            if (!t.queuedLogged) {
                logQueued(t);
            }
            start(t, worker);
        }
    }

    /** Books the start of {@code t} on {@code worker} (the caller holds the lock and has passed the gate). */
    private static void start(Tracked.Task t, Thread worker) {
        Tracked.Executor executor = t.executor;
        if (executor.threadPrefix.isEmpty()) {
            executor.threadPrefix = prefixOf(worker.getName());
        }
        t.state = Tracked.State.RUNNING;
        t.slot = executor.takeSlot();
        t.thread = threadName(worker);
        executor.queued--;
        executor.running++;
        anyStarted = true;
        log.write("task_started", "task", t.id, "slot", t.slot, "thread", t.thread, "executor", executor.label);
        evaluate(executor);
    }

    /** {@code ThreadPoolExecutor.afterExecute}: {@code task}'s run has ended, by return or by {@code thrown}. */
    public static void ended(ThreadPoolExecutor pool, Runnable task, Throwable thrown) {
        try {
            endedGuarded(pool, task, thrown);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void endedGuarded(ThreadPoolExecutor pool, Runnable task, Throwable thrown) {
        if (!active || task == null) {
            return;
        }
        Throwable error = thrown != null ? thrown : failureOf(task);
        synchronized (LOCK) {
            Tracked.Task t = TASKS.get(task);
            if (t == null || t.state != Tracked.State.RUNNING) {
                return;
            }
            gate();
            holdBeforeCleanupEnds(t);
            if (active) {
                end(task, t, error);
            }
        }
    }

    /** Books the end of {@code t} (the caller holds the lock and has passed the gate). */
    private static void end(Object key, Tracked.Task t, Throwable error) {
        TASKS.remove(key);
        Tracked.Executor executor = t.executor;
        executor.freeSlot(t.slot);
        String errorText = error == null ? null : error.getClass().getName() + ": " + error.getMessage();
        if (t.inCleanup) {
            executor.inCleanup--;
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t.cleanupStartNanos);
            log.write("cleanup_finished", "task", t.id, "slot", t.slot, "duration_ms", ms, "overran", false);
            log.write("task_cancelled", "task", t.id, "slot", t.slot, "was", "running",
                    "ended_by", error == null ? "return" : errorText);
            cancelledRunning++;
        } else {
            executor.running--;
            String after = error == null ? "completed" : "failed";
            log.write("cleanup_started", "task", t.id, "slot", t.slot, "after", after);
            log.write("cleanup_finished", "task", t.id, "slot", t.slot, "duration_ms", 0, "overran", false);
            if (error == null) {
                log.write("task_completed", "task", t.id, "slot", t.slot);
                completed++;
            } else {
                log.write("task_failed", "task", t.id, "slot", t.slot, "error", errorText);
                failed++;
            }
        }
        evaluate(executor);
    }

    /** {@code ThreadPoolExecutor.shutdownNow} is entered: the program cancels what runs on {@code pool}. */
    public static void shuttingDownNow(ThreadPoolExecutor pool) {
        try {
            shuttingDownNowGuarded(pool);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void shuttingDownNowGuarded(ThreadPoolExecutor pool) {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            Tracked.Executor executor = EXECUTORS.get(pool);
            if (!cancelled && executor != null && executor.queued + executor.occupied() > 0) {
                cancel("shutdownNow", null);
            }
        }
    }

    /** {@code ThreadPoolExecutor.shutdownNow} returns {@code returned}: tasks cancelled before they started. */
    public static void drained(List<Runnable> returned, ThreadPoolExecutor pool) {
        try {
            drainedGuarded(returned, pool);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void drainedGuarded(List<Runnable> returned, ThreadPoolExecutor pool) {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            gate();
            if (active && returned != null) {
                List<Tracked.Task> unstarted = new ArrayList<>();
                for (Runnable r : returned) {
                    Tracked.Task t = TASKS.get(r);
                    if (t != null && t.state == Tracked.State.QUEUED) {
                        TASKS.remove(r);
                        t.executor.queued--;
                        unstarted.add(t);
                    }
                }
                log.beginBatch();
                try {
                    for (Tracked.Task t : unstarted) {
                        if (!t.queuedLogged) {
                            logQueued(t);
                        }
                        log.write("task_cancelled_before_start", "task", t.id, "was", "queued",
                                "by", "shutdownNow", "executor", t.executor.label);
                        cancelledBeforeStart++;
                    }
                } finally {
                    log.endBatch();
                }
            }
            LOCK.notifyAll(); // submissions that wait for the shutdown
        }
    }

    // ------------------------------------------------------------------ virtual threads and a semaphore

    /** {@code Semaphore.acquire} is entered; on a virtual thread, a task waits for a slot. */
    public static void acquiring(Semaphore semaphore) {
        if (!active || !onVirtualThread()) {
            return;
        }
        try {
            synchronized (LOCK) {
                Tracked.Executor executor = semaphore(semaphore);
                if (!anyStarted && armed("BEFORE_START")) {
                    reach("BEFORE_START", executor);
                }
                boolean wasHeld = gate();
                Thread thread = Thread.currentThread();
                if ((wasHeld || releasedBySignal) && cancelled && !TASKS.containsKey(thread)) {
                    // Held at the moment, or started late because the hold kept the program from starting it,
                    // this thread would race the program's cancellation: it goes on once it is interrupted
                    // (then its acquire throws, and it never starts), as it would have.
                    awaitInterruptOf(thread);
                    if (thread.isInterrupted() && active) {
                        // the program cancelled it before it could wait for a permit: it never starts
                        Tracked.Task t = new Tracked.Task(nextTaskId++, executor, threadName(thread));
                        logQueued(t);
                        log.write("task_cancelled_before_start", "task", t.id, "was", "queued", "by", "interrupt",
                                "executor", executor.label);
                        cancelledBeforeStart++;
                        return;
                    }
                }
                if (active && !TASKS.containsKey(thread)) {
                    Tracked.Task t = new Tracked.Task(nextTaskId++, executor, threadName(thread));
                    TASKS.put(thread, t);
                    executor.queued++;
                    logQueued(t);
                    evaluate(executor);
                }
            }
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code Semaphore.acquire} returns: the task has its slot and starts. */
    public static void acquired(Semaphore semaphore) {
        if (!active || !onVirtualThread()) {
            return;
        }
        try {
            synchronized (LOCK) {
                Tracked.Task t = TASKS.get(Thread.currentThread());
                if (t == null || t.state != Tracked.State.QUEUED) {
                    return;
                }
                gate();
                start(t, Thread.currentThread());
            }
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code Semaphore.release}: on a virtual thread that holds a slot, its task has ended. */
    public static void releasing(Semaphore semaphore) {
        if (!active || !onVirtualThread()) {
            return;
        }
        try {
            synchronized (LOCK) {
                Object thread = Thread.currentThread();
                Tracked.Task t = TASKS.get(thread);
                if (t == null || t.state != Tracked.State.RUNNING) {
                    return;
                }
                gate();
                holdBeforeCleanupEnds(t);
                if (active) {
                    end(thread, t, null);
                }
            }
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /**
     * A virtual-thread-per-task executor's {@code shutdownNow}: it interrupts every thread, so the
     * tasks still waiting for a permit never start.
     */
    public static void virtualShutdownNow() {
        if (!active) {
            return;
        }
        try {
            synchronized (LOCK) {
                if (!cancelled) {
                    cancel("shutdownNow", null);
                }
                List<Map.Entry<Object, Tracked.Task>> waiting = new ArrayList<>();
                for (Map.Entry<Object, Tracked.Task> e : TASKS.entrySet()) {
                    if (e.getKey() instanceof Thread && e.getValue().state == Tracked.State.QUEUED) {
                        waiting.add(e);
                    }
                }
                waiting.sort((a, b) -> Integer.compare(a.getValue().id, b.getValue().id));
                for (Map.Entry<Object, Tracked.Task> e : waiting) {
                    Tracked.Task t = e.getValue();
                    TASKS.remove(e.getKey());
                    t.executor.queued--;
                    log.write("task_cancelled_before_start", "task", t.id, "was", "queued", "by", "shutdownNow",
                            "executor", t.executor.label);
                    cancelledBeforeStart++;
                }
            }
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** A thread's name; a virtual thread, which has none by default, by its id. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19; getId() is the same number
    private static String threadName(Thread thread) {
        return !thread.getName().isEmpty() ? thread.getName() : "virtual thread #" + thread.getId();
    }

    private static boolean onVirtualThread() {
        return Thread.currentThread().getClass().getName().equals("java.lang.VirtualThread");
    }

    private static Tracked.Executor semaphore(Semaphore semaphore) {
        Tracked.Executor executor = EXECUTORS.get(semaphore);
        if (executor == null) {
            executor = new Tracked.Executor(nextExecutorId++, null, semaphore.getClass(), semaphore.availablePermits());
            EXECUTORS.put(semaphore, executor);
            log.write("executor_seen", "executor", executor.label, "class", semaphore.getClass().getName(),
                    "max_concurrent", executor.max, "core", null);
        }
        return executor;
    }

    private static void awaitInterruptOf(Thread thread) {
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

    // ------------------------------------------------------------------ signals and exit

    /** The JVM dispatches signal {@code number} to whichever handler the program (or the JVM) installed. */
    public static void signal(int number) {
        try {
            signalGuarded(number);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void signalGuarded(int number) {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            signals++;
            String name = SignalNames.of(number);
            boolean first = !cancelled;
            log.write("signal_received", "signal", name, "number", number, "count", signals,
                    "action", first ? "cancel" : "repeated");
            if (held) {
                release("signal", "SIG" + name + " received");
                releasedBySignal = true;
            }
            if (first) {
                cancel("signal", name);
            }
        }
    }

    /** {@code Shutdown.exit}: System.exit, Runtime.exit or the JVM's own handler of a signal. */
    public static void exitRequested(int code) {
        try {
            exitRequestedGuarded(code);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void exitRequestedGuarded(int code) {
        if (!active) {
            return;
        }
        String[] caller = Callers.of();
        synchronized (LOCK) {
            log.write("exit_requested", "code", code, "by", caller[0], "caller", caller[1]);
            if (exitCode == null) {
                exitCode = code;
                exitChosenBy = caller[0];
                exitCaller = caller[1];
            }
        }
    }

    /** {@code Runtime.halt}: the JVM stops now, without shutdown hooks. */
    public static void haltRequested(int code) {
        try {
            haltRequestedGuarded(code);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void haltRequestedGuarded(int code) {
        if (!active) {
            return;
        }
        String[] caller = Callers.of();
        synchronized (LOCK) {
            log.write("halt_requested", "code", code, "by", caller[0], "caller", caller[1]);
            if (exitCode == null || !finished) {
                exitCode = code;
                exitChosenBy = caller[0];
                exitCaller = caller[1];
            }
        }
        finish();
    }

    public static void hooksStarting(Map<?, ?> hooks) {
        try {
            hooksStartingGuarded(hooks);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void hooksStartingGuarded(Map<?, ?> hooks) {
        if (!active) {
            return;
        }
        List<String> names = new ArrayList<>();
        if (hooks != null) {
            for (Object hook : hooks.keySet()) {
                names.add(hook instanceof Thread thread ? thread.getName() : String.valueOf(hook));
            }
        }
        synchronized (LOCK) {
            log.write("shutdown_hooks_started", "hooks", names);
        }
    }

    public static void hooksFinished() {
        try {
            hooksFinishedGuarded();
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void hooksFinishedGuarded() {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            log.write("shutdown_hooks_finished");
        }
    }

    /**
     * The JVM's shutdown is over (after the last hook, or at a halt): tasks still running and tasks
     * never started and never returned get their explicit records, then the run's end.
     */
    public static void finish() {
        try {
            finishGuarded();
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void finishGuarded() {
        if (!active) {
            return;
        }
        synchronized (LOCK) {
            if (finished) {
                return;
            }
            finished = true;
            if (!held && nextHold < holds.size()) {
                log.write("moment_missed", "moment", holds.get(nextHold),
                        "detail", "the program ended before it reached " + holds.get(nextHold));
            }
            List<Integer> abandoned = new ArrayList<>();
            List<Tracked.Task> all = new ArrayList<>(TASKS.values());
            all.sort((a, b) -> Integer.compare(a.id, b.id));
            for (Tracked.Task t : all) {
                if (t.state == Tracked.State.RUNNING) {
                    abandoned.add(t.id);
                    log.write("task_running_at_halt", "task", t.id, "slot", t.slot, "thread", t.thread,
                            "executor", t.executor.label, "in_cleanup", t.inCleanup,
                            "detail", "still running when the JVM halted: nothing waited for it to end");
                } else if (t.queuedLogged) {
                    log.write("task_never_started", "task", t.id, "executor", t.executor.label,
                            "detail", "still queued when the JVM halted: it never ran, and shutdownNow() never "
                                    + "returned it");
                }
            }
            log.write("run_finished", "cause", cancelCause, "signal", cancelSignal, "signals_received", signals,
                    "completed", completed, "failed", failed, "cancelled", cancelledRunning,
                    "cancelled_before_start", cancelledBeforeStart, "abandoned", abandoned, "exit_code", exitCode);
            log.write("exit", "code", exitCode, "chosen_by", exitChosenBy == null ? "main-returned" : exitChosenBy,
                    "caller", exitCaller);
            held = false;
            LOCK.notifyAll();
        }
    }

    // ------------------------------------------------------------------ moments and holds

    private static boolean armed(String moment) {
        return !held && nextHold < holds.size() && holds.get(nextHold).equals(moment);
    }

    /** Looks whether {@code executor}'s state is the next armed moment; if so, logs it and closes the gate. */
    private static void evaluate(Tracked.Executor executor) {
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
     * A task that was running when the cancellation began is about to book its end: when
     * DURING_CLEANUP is the next armed moment after a signal, this is where it is reached (its
     * cleanup is still in progress), and the end waits for the next signal (the caller holds the
     * lock and has passed the gate). So a harness that arms DURING_CLEANUP several times gets one
     * held moment per signal: the first where the cancellation reaches the running tasks, each
     * further one before a cleanup's end.
     */
    private static void holdBeforeCleanupEnds(Tracked.Task t) {
        if (active && t.inCleanup && signals > 0 && armed("DURING_CLEANUP") && !finished
                && (follow == null || t.executor.answersTo(follow))) {
            reach("DURING_CLEANUP", t.executor);
            gate();
        }
    }

    private static void reach(String moment, Tracked.Executor executor) {
        log.write("moment", "moment", moment, "running", executor.running, "in_cleanup", executor.inCleanup,
                "occupied_slots", executor.occupied(), "queued", executor.queued, "max_concurrent", executor.max,
                "signals_received", signals, "held", true, "executor", executor.label);
        held = true;
        holdDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdTimeoutMs);
    }

    private static void release(String reason, String detail) {
        log.write("hold_released", "moment", holds.get(nextHold), "reason", reason, "detail", detail);
        held = false;
        nextHold++;
        LOCK.notifyAll();
    }

    /** Waits while a hold is on (the caller holds the lock); returns whether it had to wait. */
    private static boolean gate() {
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

    private static void awaitShutdownOf(Tracked.Executor executor) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdTimeoutMs);
        boolean interrupted = false;
        while (active && !finished && executor.pool != null && !executor.pool.isShutdown()
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

    /** The run is cancelled: every running task's cleanup, the rest of its run, starts now. */
    private static void cancel(String cause, String signal) {
        cancelled = true;
        cancelCause = cause;
        cancelSignal = signal;
        int running = 0;
        int inCleanup = 0;
        int queued = 0;
        for (Tracked.Executor e : EXECUTORS.values()) {
            running += e.running;
            inCleanup += e.inCleanup;
            queued += e.queued;
        }
        log.write("run_cancelling", "cause", cause, "signal", signal, "running", running, "in_cleanup", inCleanup,
                "queued", queued);
        List<Tracked.Task> all = new ArrayList<>(TASKS.values());
        all.sort((a, b) -> Integer.compare(a.id, b.id));
        Tracked.Executor first = null;
        for (Tracked.Task t : all) {
            if (t.state == Tracked.State.RUNNING && !t.inCleanup) {
                t.inCleanup = true;
                t.cleanupStartNanos = System.nanoTime();
                t.executor.running--;
                t.executor.inCleanup++;
                log.write("cleanup_started", "task", t.id, "slot", t.slot, "after", "cancelled", "thread", t.thread);
                if (first == null && (follow == null || t.executor.answersTo(follow))) {
                    first = t.executor;
                }
            }
        }
        if (first != null && armed("DURING_CLEANUP")) {
            reach("DURING_CLEANUP", first);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean reportedBroken;

    /** An error of the agent itself: said once on stderr, never thrown into the program. */
    private static void broken(Throwable e) {
        synchronized (LOCK) {
            if (reportedBroken) {
                return;
            }
            reportedBroken = true;
        }
        System.err.println("signaltest-agent failed, so the cleanup log may miss records: " + e);
    }

    private static Tracked.Executor executor(ThreadPoolExecutor pool) {
        Tracked.Executor executor = EXECUTORS.get(pool);
        if (executor == null) {
            executor = new Tracked.Executor(nextExecutorId++, pool);
            EXECUTORS.put(pool, executor);
            log.write("executor_seen", "executor", executor.label, "class", pool.getClass().getName(),
                    "max_concurrent", executor.max, "core", pool.getCorePoolSize());
        }
        return executor;
    }

    private static void logQueued(Tracked.Task t) {
        t.queuedLogged = true;
        log.write("task_queued", "task", t.id, "name", t.name, "executor", t.executor.label);
    }

    /** The task's class and {@code toString()}, which the checks' messages show. */
    private static String describe(Runnable task) {
        String text;
        try {
            text = String.valueOf(task);
        } catch (RuntimeException e) {
            text = task.getClass().getName() + " (toString threw " + e.getClass().getName() + ")";
        }
        return text.length() > MAX_NAME ? text.substring(0, MAX_NAME) + "..." : text;
    }

    /** A submitted task's failure, when the executor wrapped it in a Future that kept the exception. */
    private static Throwable failureOf(Runnable task) {
        if (task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
            try {
                future.get(0, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (Exception ignored) {
                // not a failure of the task
            }
        }
        return null;
    }

    private static String prefixOf(String threadName) {
        int end = threadName.length();
        while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
            end--;
        }
        return threadName.substring(0, end);
    }
}
