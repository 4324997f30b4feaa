package io.signaltest.runtime;

import io.signaltest.runtime.internal.EventLog;
import io.signaltest.runtime.internal.HarnessLink;
import io.signaltest.runtime.internal.SignalHandlers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One execution of a task list: the scheduler, the signal handling and the holds.
 *
 * <p>All bookkeeping (a task starting, its body ending, its cleanup ending, a signal arriving)
 * happens under {@link #lock}, passes the hold gate first, and is logged in the same critical
 * section, so the log's order is the order of the state changes. Task bodies and cleanups run
 * outside the lock, on {@code maxConcurrent} slot threads; queued tasks are plain objects.
 */
final class Run implements HarnessLink.Listener {

    private enum Phase { QUEUED, BODY, CLEANUP, DONE }

    private final TaskRunner config;
    private final EventLog log;
    private final HarnessLink harness;
    private final int maxConcurrent;
    private final long cleanupDeadlineNanos;
    private final Entry[] entries;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /**
     * The queue: tasks start in list order, so the queued tasks are always {@code entries[next..]}.
     * Cancelling them all is a change of this index, not a walk over 100,000 objects.
     */
    private int next;
    /** How many tasks have a cancelled-before-start callback: none, usually, and then nothing is walked. */
    private final int withCallbacks;
    private final Set<Entry> inBody = new LinkedHashSet<>();
    private final Set<Entry> inCleanup = new LinkedHashSet<>();
    private final ArrayDeque<Moment> armed = new ArrayDeque<>();
    private final List<String> unknownHolds = new ArrayList<>();

    private final int[] stateCounts = new int[TaskState.values().length];
    /** Tasks that got a slot, in start order: the only ones that can fail or be abandoned. */
    private final List<Entry> started = new ArrayList<>();
    private int occupied;
    private int liveWorkers;
    private volatile String cause;
    private String signalName;
    private int signalNumber;
    private int signalCount;
    private boolean escalated;
    private boolean finished;
    private Moment holdingAt;

    Run(TaskRunner config, List<Task> tasks, EventLog log, HarnessLink harness) {
        this.config = config;
        this.log = log;
        this.harness = harness;
        this.maxConcurrent = config.maxConcurrent();
        this.cleanupDeadlineNanos = config.cleanupDeadline().toNanos();
        this.entries = new Entry[tasks.size()];
        int callbacks = 0;
        for (int i = 0; i < entries.length; i++) {
            entries[i] = new Entry(i + 1, tasks.get(i));
            if (tasks.get(i).cancelledBeforeStartCallback() != null) {
                callbacks++;
            }
        }
        this.withCallbacks = callbacks;
        for (String name : harness.holds()) {
            try {
                armed.add(Moment.valueOf(name));
            } catch (IllegalArgumentException unknown) {
                unknownHolds.add(name);
            }
        }
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
                reach(Moment.BEFORE_START);
                if (cause == null) {
                    startWorkers();
                }
                awaitWorkers();
                finished = true;
                RunResult result = result();
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
        Map<String, String> dispositions = new LinkedHashMap<>();
        handlers.dispositions().forEach((name, d) -> dispositions.put(name, d.logName()));
        List<String> holds = armed.stream().map(Enum::name).toList();
        log.write("run_started", "pid", ProcessHandle.current().pid(), "tasks", entries.length,
                "max_concurrent", maxConcurrent, "cleanup_deadline_ms", config.cleanupDeadline().toMillis(),
                "repeat_policy", config.repeatPolicy().toString(), "fail_fast", config.failFast(),
                "signals", dispositions, "holds", holds,
                "java_version", System.getProperty("java.version"),
                "runtime_version", RuntimeVersion.get(), "wall_clock", java.time.Instant.now().toString(),
                "clock_origin_ns", log.originNanos());
        handlers.dispositions().forEach((name, d) -> {
            if (d == SignalHandlers.Disposition.INHERITED_IGNORED) {
                String detail = "SIG" + name + " was inherited as ignored, so this process cannot receive it: "
                        + "Ctrl+C will do nothing. A non-interactive shell starts background jobs this way; "
                        + "start the program in the foreground, or reset the disposition "
                        + "(for example: env --default-signal=" + name + " java ...).";
                log.write("signal_ignored", "signal", name, "disposition", d.logName(), "detail", detail);
                System.err.println("signaltest-runtime: WARNING: " + detail);
            } else if (d == SignalHandlers.Disposition.UNAVAILABLE) {
                log.write("signal_unavailable", "signal", name,
                        "detail", "the JVM reserves SIG" + name + " (for example under -Xrs) or this OS has no such signal");
            }
        });
        Moment next = armed.peek();
        if (next != null && unreachable(next)) {
            // Say so now, rather than let a harness wait for a state this run can never be in.
            log.write("moment_missed", "moment", next.name(),
                    "detail", "this run can never reach " + next.name() + missedReason(next));
            armed.clear();
        }
        for (String name : unknownHolds) {
            log.write("hold_unknown", "moment", name, "detail", "not a moment; expected one of "
                    + java.util.Arrays.toString(Moment.values()));
        }
        String[] names = new String[entries.length];
        for (int i = 0; i < entries.length; i++) {
            names[i] = EventLog.member("name", entries[i].task.name());
        }
        log.writeTaskRecords("task_queued", 1, entries.length, names, null);
    }

    private void startWorkers() {
        int count = Math.min(maxConcurrent, entries.length);
        for (int slot = 1; slot <= count; slot++) {
            int s = slot;
            Thread worker = new Thread(() -> work(s), "signaltest-slot-" + slot);
            worker.setDaemon(true);
            liveWorkers++;
            worker.start();
        }
    }

    /** Waits for the slot threads, watching cleanup deadlines. The caller's interrupts are kept for it, not obeyed. */
    private void awaitWorkers() {
        boolean interrupted = false;
        while (liveWorkers > 0 && !escalated) {
            long now = System.nanoTime();
            long wait = Long.MAX_VALUE;
            for (Entry e : inCleanup) {
                if (e.overran) {
                    continue;
                }
                long left = e.cleanupDeadline - now;
                if (left <= 0) {
                    e.overran = true;
                    log.write("cleanup_overrun", "task", e.id, "slot", e.slot,
                            "deadline_ms", config.cleanupDeadline().toMillis());
                    if (config.repeatPolicy().escalatesAtDeadline()) {
                        escalate("cleanup-deadline");
                        break;
                    }
                } else {
                    wait = Math.min(wait, left);
                }
            }
            if (escalated) {
                break;
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
        String missed = armed.isEmpty() ? null : armed.peek().name();
        if (missed != null) {
            log.write("moment_missed", "moment", missed,
                    "detail", "the run ended without reaching " + missed + missedReason(armed.peek()));
        }
        List<Integer> abandoned = new ArrayList<>();
        for (Entry e : entries) {
            if (e.abandoned) {
                abandoned.add(e.id);
            }
        }
        log.write("run_finished", "cause", cause, "signal", signalName, "signals_received", signalCount,
                "completed", count(TaskState.COMPLETED), "failed", count(TaskState.FAILED),
                "cancelled", count(TaskState.CANCELLED),
                "cancelled_before_start", count(TaskState.CANCELLED_BEFORE_START),
                "abandoned", abandoned, "exit_code", result.exitCode());
    }

    /** True for a moment that the number of tasks rules out from the start. */
    private boolean unreachable(Moment m) {
        switch (m) {
            case BELOW_LIMIT:
            case ALL_SLOTS_FULL:
            case DURING_CLEANUP:
                return entries.length == 0 || (m == Moment.ALL_SLOTS_FULL && entries.length < maxConcurrent);
            case QUEUE_WAITING:
                return entries.length <= maxConcurrent;
            default:
                return false;
        }
    }

    private String missedReason(Moment m) {
        switch (m) {
            case QUEUE_WAITING:
                return entries.length <= maxConcurrent
                        ? " (" + entries.length + " tasks never fill " + maxConcurrent + " slots and leave one waiting)" : "";
            case ALL_SLOTS_FULL:
                return entries.length < maxConcurrent
                        ? " (" + entries.length + " tasks cannot fill " + maxConcurrent + " slots)" : "";
            case DURING_CLEANUP:
                return " (no cleanup ran after the first signal)";
            default:
                return "";
        }
    }

    /** Tasks still waiting for a slot. */
    private int queued() {
        return entries.length - next;
    }

    private int count(TaskState state) {
        return stateCounts[state.ordinal()];
    }

    /** Sets a task's terminal state, keeping the counts that the finish records need. */
    private void settle(Entry e, TaskState state) {
        e.state = state;
        stateCounts[state.ordinal()]++;
    }

    private RunResult result() {
        long[] counts = new long[stateCounts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = stateCounts[i];
        }
        List<TaskOutcome> failures = new ArrayList<>();
        List<TaskOutcome> abandoned = new ArrayList<>();
        for (Entry e : started) {
            if (e.state == null) {
                counts[TaskState.CANCELLED.ordinal()]++; // only an abandoned task has no terminal state yet
            }
            TaskOutcome outcome = outcome(e);
            if (outcome.state() == TaskState.FAILED || outcome.cleanupFailure() != null) {
                failures.add(outcome);
            }
            if (outcome.cleanupAbandoned()) {
                abandoned.add(outcome);
            }
        }
        return new RunResult(this::outcomes, counts, failures, abandoned, cause, signalName, signalNumber, signalCount, log);
    }

    private List<TaskOutcome> outcomes() {
        List<TaskOutcome> outcomes = new ArrayList<>(entries.length);
        for (Entry e : entries) {
            outcomes.add(outcome(e));
        }
        return outcomes;
    }

    private static TaskOutcome outcome(Entry e) {
        TaskState state = e.state;
        if (state == null) {
            // never settled: a queued task written off in bulk, or a started one whose cleanup was abandoned
            state = e.phase == Phase.QUEUED ? TaskState.CANCELLED_BEFORE_START : TaskState.CANCELLED;
        }
        return new TaskOutcome(e.id, e.task.name(), state, e.failure, e.cleanupFailure, e.overran, e.abandoned);
    }

    // ---------------------------------------------------------------- slots

    private void work(int slot) {
        try {
            while (true) {
                Entry e;
                lock.lock();
                try {
                    awaitGate();
                    if (cause != null || queued() == 0) {
                        return;
                    }
                    e = entries[next++];
                    e.slot = slot;
                    e.phase = Phase.BODY;
                    e.thread = Thread.currentThread();
                    occupied++;
                    inBody.add(e);
                    started.add(e);
                    log.write("task_started", "task", e.id, "slot", slot);
                    reachStateMoment();
                } finally {
                    lock.unlock();
                }
                runTask(e);
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

    private void runTask(Entry e) {
        Throwable bodyError = null;
        try {
            e.task.body().run(e);
        } catch (Throwable t) {
            bodyError = t;
        }
        List<Runnable> callbacks = List.of();
        lock.lock();
        try {
            awaitGate();
            inBody.remove(e);
            e.phase = Phase.CLEANUP;
            inCleanup.add(e);
            if (e.cancelRequested) {
                settle(e, TaskState.CANCELLED);
                e.cancelDetail = bodyError;
            } else if (bodyError != null) {
                settle(e, TaskState.FAILED);
                e.failure = bodyError;
            } else {
                settle(e, TaskState.COMPLETED);
            }
            e.cleanupStarted = System.nanoTime();
            e.cleanupDeadline = e.cleanupStarted + cleanupDeadlineNanos;
            changed.signalAll(); // the monitor in awaitWorkers() now has a deadline to watch
            log.write("cleanup_started", "task", e.id, "slot", e.slot, "after", e.state.logName());
            if (e.state == TaskState.FAILED && config.failFast() && cause == null) {
                callbacks = cancel("fail-fast");
            }
            if (cause != null) {
                reach(Moment.DURING_CLEANUP);
            } else {
                reachStateMoment();
            }
        } finally {
            lock.unlock();
        }
        runCallbacks(callbacks);
        Thread.interrupted(); // cleanup is shielded: a cancellation interrupt must not reach it

        Throwable cleanupError = null;
        try {
            e.task.cleanup().cleanup(e);
        } catch (Throwable t) {
            cleanupError = t;
        }
        cleanupError = closeResources(e, cleanupError);
        Thread.interrupted();

        lock.lock();
        try {
            awaitGate();
            inCleanup.remove(e);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - e.cleanupStarted);
            if (cleanupError == null) {
                log.write("cleanup_finished", "task", e.id, "slot", e.slot, "duration_ms", ms, "overran", e.overran);
            } else {
                e.cleanupFailure = cleanupError;
                log.write("cleanup_failed", "task", e.id, "slot", e.slot, "duration_ms", ms, "overran", e.overran,
                        "error", describe(cleanupError));
            }
            logTerminal(e);
            e.phase = Phase.DONE;
            occupied--;
            reachStateMoment();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void logTerminal(Entry e) {
        switch (e.state) {
            case COMPLETED:
                log.write("task_completed", "task", e.id, "slot", e.slot);
                break;
            case FAILED:
                log.write("task_failed", "task", e.id, "slot", e.slot, "error", describe(e.failure));
                break;
            case CANCELLED:
                log.write("task_cancelled", "task", e.id, "slot", e.slot, "was", "running",
                        "ended_by", e.cancelDetail == null ? "return" : describe(e.cancelDetail));
                break;
            default:
                throw new IllegalStateException("not a terminal state of a started task: " + e.state);
        }
    }

    private Throwable closeResources(Entry e, Throwable cleanupError) {
        List<Entry.Resource> resources;
        synchronized (e.resources) {
            resources = new ArrayList<>(e.resources);
            e.resources.clear();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            Entry.Resource r = resources.get(i);
            try {
                r.resource.close();
                log.write("resource_closed", "task", e.id, "resource", r.description);
            } catch (Throwable t) {
                log.write("resource_close_failed", "task", e.id, "resource", r.description, "error", describe(t));
                if (cleanupError == null) {
                    cleanupError = t;
                } else {
                    cleanupError.addSuppressed(t);
                }
            }
        }
        return cleanupError;
    }

    // ---------------------------------------------------------------- cancellation

    /** Handles one delivered signal (called on the JVM's signal dispatch thread). */
    void signal(String name, int number) {
        List<Runnable> callbacks = List.of();
        lock.lock();
        try {
            signalCount++;
            String action;
            int escalateAfter = config.repeatPolicy().escalateAfterRepeats();
            if (finished) {
                action = "ignored-run-finished";
            } else if (cause == null) {
                action = "cancel";
            } else if (escalated) {
                action = "ignored-escalated";
            } else if (escalateAfter > 0 && signalCount - 1 >= escalateAfter) {
                action = "escalate";
            } else {
                action = inCleanup.isEmpty() && inBody.isEmpty() ? "ignored" : "ignored-during-cleanup";
            }
            log.write("signal_received", "signal", name, "number", number, "count", signalCount, "action", action);
            releaseHold("signal");
            if (action.equals("cancel")) {
                signalName = name;
                signalNumber = number;
                callbacks = cancel("signal");
            } else if (action.equals("escalate")) {
                escalate("repeated-signal");
            }
        } finally {
            lock.unlock();
        }
        runCallbacks(callbacks);
    }

    @Override
    public void released() {
        lock.lock();
        try {
            releaseHold("harness");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void harnessGone() {
        List<Runnable> callbacks = List.of();
        lock.lock();
        try {
            log.write("harness_gone", "detail", "the process that started this one (the harness) is gone");
            releaseHold("harness-gone");
            if (cause == null && !finished) {
                callbacks = cancel("harness-gone");
            }
        } finally {
            lock.unlock();
        }
        runCallbacks(callbacks);
    }

    /** Cancels the run; returns the cancelled-before-start callbacks, to be run outside the lock. */
    private List<Runnable> cancel(String why) {
        cause = why;
        log.write("run_cancelling", "cause", why, "signal", signalName, "running", inBody.size(),
                "in_cleanup", inCleanup.size(), "queued", queued());
        // Interrupt first: the running tasks start stopping while the queue is written off.
        for (Entry e : inBody) {
            e.cancelRequested = true;
            e.thread.interrupt();
            e.closeOnCancel.closeAll(); // a read that ignores the interrupt ends when its source closes
        }
        List<Runnable> callbacks = new ArrayList<>();
        int from = next;
        int count = queued();
        next = entries.length;
        stateCounts[TaskState.CANCELLED_BEFORE_START.ordinal()] += count;
        if (withCallbacks > 0) {
            for (int i = from; i < entries.length; i++) {
                if (entries[i].task.cancelledBeforeStartCallback() != null) {
                    callbacks.add(new CancelledCallback(entries[i]));
                }
            }
        }
        log.writeTaskRecords("task_cancelled_before_start", from + 1, count, null, "\"was\":\"queued\"");
        changed.signalAll();
        return callbacks;
    }

    private final class CancelledCallback implements Runnable {
        private final Entry entry;

        CancelledCallback(Entry entry) {
            this.entry = entry;
        }

        @Override
        public void run() {
            try {
                entry.task.cancelledBeforeStartCallback().run();
            } catch (Throwable t) {
                log.write("cancel_callback_failed", "task", entry.id, "error", describe(t));
            }
        }
    }

    private static void runCallbacks(List<Runnable> callbacks) {
        callbacks.forEach(Runnable::run);
    }

    private void escalate(String why) {
        escalated = true;
        log.write("escalated", "reason", why, "signals_received", signalCount);
        for (Set<Entry> set : List.of(inBody, inCleanup)) {
            for (Entry e : set) {
                e.abandoned = true;
                log.write("cleanup_abandoned", "task", e.id, "slot", e.slot,
                        "phase", e.phase.name().toLowerCase(Locale.ROOT), "reason", why);
            }
        }
        changed.signalAll();
    }

    // ---------------------------------------------------------------- moments and holds

    private void reachStateMoment() {
        Moment next = armed.peek();
        if (next == null || cause != null) {
            return;
        }
        boolean now;
        switch (next) {
            case BELOW_LIMIT:
                now = !inBody.isEmpty() && occupied < maxConcurrent && queued() == 0;
                break;
            case ALL_SLOTS_FULL:
                now = inBody.size() == maxConcurrent && queued() == 0;
                break;
            case QUEUE_WAITING:
                now = inBody.size() == maxConcurrent && queued() > 0;
                break;
            default:
                now = false;
        }
        if (now) {
            reach(next);
        }
    }

    /** If {@code moment} is the next armed one, logs it and holds every state change until a signal, a release or the deadline. */
    private void reach(Moment moment) {
        if (armed.peek() != moment) {
            return;
        }
        armed.poll();
        log.write("moment", "moment", moment.name(), "running", inBody.size(), "in_cleanup", inCleanup.size(),
                "occupied_slots", occupied, "queued", queued(), "max_concurrent", maxConcurrent,
                "signals_received", signalCount, "held", true);
        holdingAt = moment;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(harness.holdTimeoutMs());
        boolean interrupted = false;
        while (holdingAt == moment) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.write("hold_released", "moment", moment.name(), "reason", "deadline",
                        "detail", "no signal within " + harness.holdTimeoutMs() + " ms of reaching " + moment.name());
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

    private void releaseHold(String reason) {
        if (holdingAt != null) {
            log.write("hold_released", "moment", holdingAt.name(), "reason", reason);
            holdingAt = null;
            changed.signalAll();
        }
    }

    /** Blocks while a hold is in force; keeps the caller's interrupt status. */
    private void awaitGate() {
        while (holdingAt != null) {
            changed.awaitUninterruptibly();
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getName() : t.getClass().getName() + ": " + message;
    }

    // ---------------------------------------------------------------- one task

    private final class Entry implements TaskContext {
        final int id;
        final Task task;
        final List<Resource> resources = new ArrayList<>();
        final CloseOnCancel closeOnCancel = new CloseOnCancel(this::closeOnCancelFailed);
        Phase phase = Phase.QUEUED;
        TaskState state;
        Thread thread;
        int slot;
        volatile boolean cancelRequested;
        Throwable failure;
        Throwable cancelDetail;
        Throwable cleanupFailure;
        long cleanupStarted;
        long cleanupDeadline;
        boolean overran;
        boolean abandoned;

        Entry(int id, Task task) {
            this.id = id;
            this.task = task;
        }

        @Override
        public int id() {
            return id;
        }

        @Override
        public String name() {
            return task.name();
        }

        @Override
        public int slot() {
            return slot;
        }

        @Override
        public boolean isCancelled() {
            return cancelRequested || cause != null;
        }

        @Override
        public <R extends AutoCloseable> R register(String description, R resource) {
            java.util.Objects.requireNonNull(description, "description must not be null");
            java.util.Objects.requireNonNull(resource, "resource must not be null");
            synchronized (resources) {
                resources.add(new Resource(description, resource));
            }
            log.write("resource_opened", "task", id, "resource", description);
            return resource;
        }

        @Override
        public <C extends AutoCloseable> C closeOnCancel(C closeable) {
            java.util.Objects.requireNonNull(closeable, "closeable must not be null");
            closeOnCancel.add(closeable, isCancelled());
            return closeable;
        }

        private void closeOnCancelFailed(Exception e) {
            log.write("task_event", "task", id, "name", "close_on_cancel_failed", "detail", describe(e));
        }

        @Override
        public void event(String name, String detail) {
            java.util.Objects.requireNonNull(name, "name must not be null");
            log.write("task_event", "task", id, "name", name, "detail", detail);
        }

        private final class Resource {
            final String description;
            final AutoCloseable resource;

            Resource(String description, AutoCloseable resource) {
                this.description = description;
                this.resource = resource;
            }
        }
    }
}
