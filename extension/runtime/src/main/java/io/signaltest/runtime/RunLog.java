package io.signaltest.runtime;

import io.signaltest.runtime.internal.HarnessLink;
import io.signaltest.runtime.internal.SignalHandlers;
import io.signaltest.runtime.protocol.LogEvents;
import io.signaltest.runtime.protocol.LogWriter;
import io.signaltest.runtime.protocol.WallClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every record a run writes to the cleanup log, one method per record: what each record carries lives here, apart from
 * the decisions that write it. The parts call these in the critical section of the change a record reports (see
 * {@link RunState}), so the log's order stays the order of the state changes; the few records written without the lock
 * (a task's own events and resources, the callbacks' failures, the exit) say so.
 */
final class RunLog {

    private static final LogWriter.TaskMembers WAS_QUEUED = LogWriter.TaskMembers.constant("was", "queued");

    private final LogWriter log;

    RunLog(LogWriter log) {
        this.log = log;
    }

    /**
     * Where a run's log goes: the harness's path first, so that a test always finds the log, else the application's
     * ({@code configured}, may be null); nowhere without either.
     */
    static LogWriter writerFor(HarnessLink harness, Path configured) {
        Path logPath = harness.log() != null ? harness.log() : configured;
        return logPath == null ? LogWriter.discarding() : LogWriter.open(logPath);
    }

    // ---------------------------------------------------------------- start and finish

    void runStarted(RunState run, SignalHandlers handlers, List<String> holds) {
        TaskQueue queue = run.queue;
        TaskRunner config = run.config;
        Map<String, String> dispositions = new LinkedHashMap<>();
        for (Map.Entry<String, SignalHandlers.Disposition> d :
                handlers.dispositions().entrySet()) {
            dispositions.put(d.getKey(), d.getValue().logName());
        }
        log.write(
                LogEvents.RUN_STARTED,
                "pid",
                ProcessHandle.current().pid(),
                "tasks",
                queue.isLazy() ? null : queue.known(),
                "source",
                queue.isLazy() ? "lazy" : "list",
                "max_concurrent",
                run.maxConcurrent,
                "cleanup_deadline_ms",
                config.cleanupDeadline().toMillis(),
                "repeat_policy",
                config.repeatPolicy().toString(),
                "fail_fast",
                config.failFast(),
                "signals",
                dispositions,
                "holds",
                holds,
                "java_version",
                System.getProperty("java.version"),
                "runtime_version",
                RuntimeVersion.get(),
                "wall_clock",
                WallClock.now(),
                "clock_origin_ns",
                log.originNanos());
    }

    /** A record for each signal the run cannot handle, and a warning on standard error where it matters. */
    void signalsNotHandled(SignalHandlers handlers) {
        for (Map.Entry<String, SignalHandlers.Disposition> disposition :
                handlers.dispositions().entrySet()) {
            String name = disposition.getKey();
            SignalHandlers.Disposition d = disposition.getValue();
            if (d == SignalHandlers.Disposition.INHERITED_IGNORED) {
                String detail = SignalHandlers.inheritedIgnoredDetail(name);
                log.write(LogEvents.SIGNAL_IGNORED, "signal", name, "disposition", d.logName(), "detail", detail);
                if (SignalHandlers.warnsWhenInheritedIgnored(name)) {
                    System.err.println("signaltest-runtime: WARNING: " + detail);
                }
            } else if (d == SignalHandlers.Disposition.UNAVAILABLE) {
                log.write(
                        LogEvents.SIGNAL_UNAVAILABLE,
                        "signal",
                        name,
                        "detail",
                        "the JVM reserves SIG" + name + " (for example under -Xrs) or this OS has no such signal");
            }
        }
    }

    /** The task_queued records of every task known at the start (a list's, all of them). */
    void tasksQueued(TaskQueue queue) {
        log.writeTaskRecords(
                LogEvents.TASK_QUEUED,
                1,
                queue.known(),
                (out, id) -> LogWriter.appendMember(out, "name", queue.task(id).name()));
    }

    void runFinished(RunState run, RunOutcomes outcomes, int exitCode) {
        List<Integer> abandoned = new ArrayList<>();
        for (StartedTask e : run.live()) {
            if (e.abandoned) {
                abandoned.add(e.id);
            }
        }
        abandoned.sort(Comparator.naturalOrder());
        log.write(
                LogEvents.RUN_FINISHED,
                "cause",
                run.cause,
                "signal",
                run.signalName,
                "signals_received",
                run.signalCount,
                "tasks",
                run.queue.known(),
                "source_exhausted",
                run.queue.exhausted(),
                "completed",
                outcomes.count(TaskState.COMPLETED),
                "failed",
                outcomes.count(TaskState.FAILED),
                "cancelled",
                outcomes.count(TaskState.CANCELLED),
                "cancelled_before_start",
                outcomes.count(TaskState.CANCELLED_BEFORE_START),
                "abandoned",
                abandoned,
                "exit_code",
                exitCode);
    }

    /** The process's exit, chosen by the runtime or the application ({@link RunResult#exit}); after the run. */
    void exit(int code, String chosenBy, RunResult result) {
        log.write(
                LogEvents.EXIT,
                "code",
                code,
                "chosen_by",
                chosenBy,
                "proposed_code",
                result.exitCode(),
                "completed",
                result.count(TaskState.COMPLETED),
                "failed",
                result.count(TaskState.FAILED),
                "cancelled",
                result.count(TaskState.CANCELLED),
                "cancelled_before_start",
                result.count(TaskState.CANCELLED_BEFORE_START));
    }

    // ---------------------------------------------------------------- admission

    void taskQueued(int id, Task task) {
        log.write(LogEvents.TASK_QUEUED, "task", id, "name", task.name());
    }

    void taskStarted(StartedTask e) {
        log.write(LogEvents.TASK_STARTED, "task", e.id, "slot", e.slot);
    }

    void sourceFailed(int afterTask, Throwable failure) {
        log.write(LogEvents.SOURCE_FAILED, "after_task", afterTask, "error", describe(failure));
    }

    // ---------------------------------------------------------------- cleanup

    void cleanupStarted(StartedTask e) {
        log.write(LogEvents.CLEANUP_STARTED, "task", e.id, "slot", e.slot, "after", e.state.logName());
    }

    void cleanupOverrun(StartedTask e, long deadlineMs) {
        log.write(LogEvents.CLEANUP_OVERRUN, "task", e.id, "slot", e.slot, "deadline_ms", deadlineMs);
    }

    void cleanupFinished(StartedTask e, long ms) {
        log.write(LogEvents.CLEANUP_FINISHED, "task", e.id, "slot", e.slot, "duration_ms", ms, "overran", e.overran);
    }

    void cleanupFailed(StartedTask e, long ms, Throwable cleanupError) {
        log.write(
                LogEvents.CLEANUP_FAILED,
                "task",
                e.id,
                "slot",
                e.slot,
                "duration_ms",
                ms,
                "overran",
                e.overran,
                "error",
                describe(cleanupError));
    }

    /** The record of a started task's terminal state, written when its cleanup is booked as ended. */
    void taskEnded(StartedTask e) {
        switch (e.state) {
            case COMPLETED:
                log.write(LogEvents.TASK_COMPLETED, "task", e.id, "slot", e.slot);
                break;
            case FAILED:
                log.write(LogEvents.TASK_FAILED, "task", e.id, "slot", e.slot, "error", describe(e.failure));
                break;
            case CANCELLED:
                log.write(
                        LogEvents.TASK_CANCELLED,
                        "task",
                        e.id,
                        "slot",
                        e.slot,
                        "was",
                        "running",
                        "ended_by",
                        e.cancelDetail == null ? "return" : describe(e.cancelDetail));
                break;
            default:
                throw new IllegalStateException("not a terminal state of a started task: " + e.state);
        }
    }

    // ---------------------------------------------------------------- a task's own records, without the lock

    void resourceOpened(int task, String description) {
        log.write(LogEvents.RESOURCE_OPENED, "task", task, "resource", description);
    }

    void resourceClosed(int task, String description) {
        log.write(LogEvents.RESOURCE_CLOSED, "task", task, "resource", description);
    }

    void resourceCloseFailed(int task, String description, Throwable t) {
        log.write(LogEvents.RESOURCE_CLOSE_FAILED, "task", task, "resource", description, "error", describe(t));
    }

    void taskEvent(int task, String name, String detail) {
        log.write(LogEvents.TASK_EVENT, "task", task, "name", name, "detail", detail);
    }

    /**
     * A task event of the runtime's: closing what the task asked to close on cancellation threw (under the lock when a
     * cancellation closes it).
     */
    void closeOnCancelFailed(int task, Exception e) {
        log.write(LogEvents.TASK_EVENT, "task", task, "name", "close_on_cancel_failed", "detail", describe(e));
    }

    // ---------------------------------------------------------------- cancellation

    void signalReceived(String name, int number, int count, String action) {
        log.write(LogEvents.SIGNAL_RECEIVED, "signal", name, "number", number, "count", count, "action", action);
    }

    void runCancelling(String why, RunState run) {
        log.write(
                LogEvents.RUN_CANCELLING,
                "cause",
                why,
                "signal",
                run.signalName,
                "running",
                run.inBody.size(),
                "in_cleanup",
                run.inCleanup.size(),
                "queued",
                run.queue.waiting());
    }

    void escalated(String why, int signalsReceived) {
        log.write(LogEvents.ESCALATED, "reason", why, "signals_received", signalsReceived);
    }

    void cleanupAbandoned(StartedTask e, String why) {
        log.write(
                LogEvents.CLEANUP_ABANDONED,
                "task",
                e.id,
                "slot",
                e.slot,
                "phase",
                e.phase.name().toLowerCase(java.util.Locale.ROOT),
                "reason",
                why);
    }

    void harnessGone() {
        log.write(LogEvents.HARNESS_GONE, "detail", "the process that started this one (the harness) is gone");
    }

    /** The task_cancelled_before_start records of tasks {@code from .. from + count - 1}. */
    void tasksCancelledBeforeStart(int from, int count) {
        log.writeTaskRecords(LogEvents.TASK_CANCELLED_BEFORE_START, from, count, WAS_QUEUED);
    }

    /** A task's callback for being cancelled before start threw; without the lock. */
    void cancelCallbackFailed(int task, Throwable t) {
        log.write(LogEvents.CANCEL_CALLBACK_FAILED, "task", task, "error", describe(t));
    }

    /** The program's {@link IgnoredSignalListener} threw; without the lock. */
    void ignoredSignalListenerFailed(Throwable t) {
        log.write(LogEvents.LISTENER_FAILED, "listener", "ignored-signal", "error", describe(t));
    }

    // ---------------------------------------------------------------- moments and holds

    void moment(Moment moment, RunState run) {
        log.write(
                LogEvents.MOMENT,
                "moment",
                moment.name(),
                "running",
                run.inBody.size(),
                "in_cleanup",
                run.inCleanup.size(),
                "occupied_slots",
                run.occupied,
                "queued",
                run.queued(),
                "max_concurrent",
                run.maxConcurrent,
                "signals_received",
                run.signalCount,
                "held",
                true);
    }

    void holdReleased(Moment moment, String reason) {
        log.write(LogEvents.HOLD_RELEASED, "moment", moment.name(), "reason", reason);
    }

    void holdReleasedAtDeadline(Moment moment, long holdTimeoutMs) {
        log.write(
                LogEvents.HOLD_RELEASED,
                "moment",
                moment.name(),
                "reason",
                "deadline",
                "detail",
                "no signal within " + holdTimeoutMs + " ms of reaching " + moment.name());
    }

    /** At the start: the harness armed a moment that this run can never reach. */
    void momentUnreachable(Moment moment, String reason) {
        log.write(
                LogEvents.MOMENT_MISSED,
                "moment",
                moment.name(),
                "detail",
                "this run can never reach " + moment.name() + reason,
                "unreachable",
                true);
    }

    /** At the finish: the run ended before the next armed moment. */
    void momentNotReached(Moment moment, String reason) {
        String missed = moment.name();
        log.write(
                LogEvents.MOMENT_MISSED,
                "moment",
                missed,
                "detail",
                "the run ended without reaching " + missed + reason);
    }

    void holdUnknown(String name) {
        log.write(
                LogEvents.HOLD_UNKNOWN,
                "moment",
                name,
                "detail",
                "not a moment; expected one of " + java.util.Arrays.toString(Moment.values()));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        String type = t.getClass().getName();
        return message == null
                ? type
                : new StringBuilder(type).append(": ").append(message).toString();
    }
}
