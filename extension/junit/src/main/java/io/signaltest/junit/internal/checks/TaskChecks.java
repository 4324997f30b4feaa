package io.signaltest.junit.internal.checks;

import static io.signaltest.junit.internal.checks.CheckSupport.LOG_FORMAT_HINT;
import static io.signaltest.junit.internal.checks.CheckSupport.TERMINAL_EVENTS;
import static io.signaltest.junit.internal.checks.CheckSupport.announcedButNeverQueued;
import static io.signaltest.junit.internal.checks.CheckSupport.cancellation;
import static io.signaltest.junit.internal.checks.CheckSupport.needsLog;
import static io.signaltest.junit.internal.checks.CheckSupport.needsQueue;
import static io.signaltest.junit.internal.checks.CheckSupport.notTakenFromSource;
import static io.signaltest.junit.internal.checks.CheckSupport.owner;
import static io.signaltest.junit.internal.checks.CheckSupport.programsCancellation;
import static io.signaltest.junit.internal.checks.CheckSupport.quoted;
import static io.signaltest.junit.internal.checks.CheckSupport.signalName;
import static io.signaltest.junit.internal.checks.CheckSupport.taskName;
import static io.signaltest.junit.internal.checks.OutputChecks.first;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.checks.CheckSupport.TaskRecords;
import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checks of the tasks: none started after the signal, every queued one reported as cancelled before it started, one
 * terminal state each, and no resource a task opened left open. Each is a plain function from a run to a
 * {@link CheckVerdict}.
 */
public final class TaskChecks {

    private TaskChecks() {}

    // ------------------------------------------------------------------------------ tasks

    public static CheckVerdict startedNoTaskAfterTheSignal(SignalRun run) {
        CheckVerdict v = CheckVerdict.expecting("no task to have started after the signal");
        if (!needsLog(run, v)) {
            return v;
        }
        CleanupLog log = run.log();
        Optional<LogRecord> first = log.firstSignal();
        if (first.isEmpty()) {
            v.finding("the log has no signal_received record, so this check cannot tell which tasks started after "
                    + "the signal: the program never logged receiving the "
                    + run.signal().displayName());
            v.hint(LOG_FORMAT_HINT);
            return v;
        }
        LogRecord signal = first.get();
        String name = signalName(signal, run);
        Optional<LogRecord> reaction = programsCancellation(log);
        for (LogRecord started : log.records(LogEvents.TASK_STARTED)) {
            if (started.seq() > signal.seq()
                    && reaction.isPresent()
                    && started.seq() < reaction.get().seq()) {
                v.detail(
                        "task " + started.task().orElse(0) + " started at #" + started.seq() + ", after the " + name
                                + " (#" + signal.seq() + ") but before the program's cancellation reached its "
                                + "executor (#" + reaction.get().seq() + "): a program on plain executors hears of "
                                + "a signal only when the JVM runs its shutdown hooks or handler, on another thread, "
                                + "so a submission under way goes on until then",
                        started);
            } else if (started.seq() > signal.seq() && reaction.isPresent() && started.flag("stopping")) {
                v.detail(
                        "task " + started.task().orElse(0) + " started at #" + started.seq() + ", after the "
                                + "program's cancellation began (#"
                                + reaction.get().seq() + ") but before it reached "
                                + "the task: its pool had given it to a worker before shutdownNow, or shutdownNow had "
                                + "not yet interrupted its thread (it interrupts them one by one)",
                        started);
            } else if (started.seq() > signal.seq()) {
                String task = started.task().isPresent()
                        ? taskName(log, started.task().getAsInt())
                        : "a task";
                v.finding(
                        task + " started after the signal (" + name + " received at #" + signal.seq() + ", " + task
                                + " started at #" + started.seq() + ")",
                        signal,
                        started);
            }
        }
        v.hint("a cancelled run must take no more tasks from its queue, not even when cancelled tasks free "
                + "their slots");
        return v;
    }

    public static CheckVerdict cancelledEveryQueuedTaskBeforeStart(SignalRun run) {
        CheckVerdict v = CheckVerdict.expecting("every task that was queued and never started to have been "
                + "reported as cancelled before start, after the run was cancelled");
        if (!needsLog(run, v) || !needsQueue(run, v)) {
            return v;
        }
        CleanupLog log = run.log();
        TaskRecords tasks = new TaskRecords(log);
        Optional<LogRecord> cancel = cancellation(log);
        for (int id : tasks.idsWith(LogEvents.TASK_QUEUED)) {
            List<LogRecord> started = tasks.of(id, LogEvents.TASK_STARTED);
            List<LogRecord> cancelled = tasks.of(id, LogEvents.TASK_CANCELLED_BEFORE_START);
            if (started.isEmpty() && cancelled.isEmpty()) {
                LogRecord queued = tasks.of(id, LogEvents.TASK_QUEUED).get(0);
                v.finding(
                        taskName(log, id) + " was queued but never started, and was never reported as cancelled "
                                + "before start",
                        queued,
                        cancel.orElse(null));
            }
            for (LogRecord c : cancelled) {
                if (cancel.isEmpty()) {
                    v.finding(
                            "task " + id + " was reported as cancelled before start (#" + c.seq()
                                    + "), but the run was never cancelled (no signal_received or "
                                    + "run_cancelling record)",
                            c);
                } else if (c.seq() < cancel.get().seq()) {
                    v.finding(
                            "task " + id + " was reported as cancelled before start (#" + c.seq()
                                    + ") before the run was cancelled (#"
                                    + cancel.get().seq() + ")",
                            c,
                            cancel.get());
                }
                for (LogRecord s : started) {
                    if (s.seq() > c.seq()) {
                        v.finding(
                                "task " + id + " was reported as cancelled before start (#" + c.seq()
                                        + "), yet it started at #" + s.seq(),
                                c,
                                s);
                    }
                }
            }
        }
        notTakenFromSource(log).ifPresent(note -> v.detail(note + "; they never started and need no record"));
        v.hint("when a run is cancelled, report every task still waiting for a slot as cancelled before start; "
                + "ExecutorService.shutdownNow() returns those tasks, and dropping that list loses them silently");
        return v;
    }

    public static CheckVerdict endedEveryTaskInExactlyOneTerminalState(SignalRun run) {
        CheckVerdict v = CheckVerdict.expecting("every queued task to have ended in exactly one terminal state "
                + "(completed, failed, cancelled, or cancelled before start)");
        if (!needsLog(run, v) || !needsQueue(run, v)) {
            return v;
        }
        CleanupLog log = run.log();
        TaskRecords tasks = new TaskRecords(log);
        String[] terminal = TERMINAL_EVENTS.toArray(new String[0]);
        int[] queuedIds = tasks.idsWith(LogEvents.TASK_QUEUED);
        int[] queued = queuedIds.clone();
        Arrays.sort(queued);
        for (int id : queuedIds) {
            List<LogRecord> ends = tasks.of(id, terminal);
            if (ends.isEmpty()) {
                List<LogRecord> all = tasks.all(id);
                LogRecord last = all.get(all.size() - 1);
                v.finding(
                        taskName(log, id) + " ended in no terminal state (its last record is #" + last.seq() + " "
                                + last.event() + ")",
                        last);
            } else if (ends.size() > 1) {
                v.finding(
                        "task " + id + " ended in " + ends.size() + " terminal states: "
                                + ends.stream()
                                        .map(r -> r.event() + " at #" + r.seq())
                                        .collect(Collectors.joining(", ")),
                        ends);
            }
        }
        for (LogRecord end : log.records()) {
            if (TERMINAL_EVENTS.contains(end.event())
                    && end.task().isPresent()
                    && Arrays.binarySearch(queued, end.task().getAsInt()) < 0) {
                v.finding(
                        "task " + end.task().getAsInt() + " ended (" + end.event() + " at #" + end.seq()
                                + ") but was never queued",
                        end);
            }
        }
        announcedButNeverQueued(log, queued).ifPresent(v::finding);
        notTakenFromSource(log).ifPresent(v::detail);
        v.hint("a task ends once: completed, failed, cancelled while running (after its cleanup), or cancelled "
                + "before it started; a task with no end was lost, one with two was counted twice");
        return v;
    }

    public static CheckVerdict leftNoResourceOpen(SignalRun run) {
        CheckVerdict v = CheckVerdict.expecting("every resource that a task opened to have been closed");
        if (!needsLog(run, v)) {
            return v;
        }
        CleanupLog log = run.log();
        Map<String, List<LogRecord>> open = new LinkedHashMap<>();
        for (LogRecord r : log.records()) {
            String key = r.task().orElse(-1) + "\u0000" + r.text("resource").orElse("");
            if (r.is(LogEvents.RESOURCE_OPENED)) {
                open.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            } else if (r.is(LogEvents.RESOURCE_CLOSED) || r.is(LogEvents.RESOURCE_CLOSE_FAILED)) {
                List<LogRecord> opened = open.get(key);
                if (opened != null && !opened.isEmpty()) {
                    opened.remove(0);
                }
                if (r.is(LogEvents.RESOURCE_CLOSE_FAILED)) {
                    v.finding(
                            owner(r) + " could not close " + quoted(r) + ": "
                                    + r.text("error").orElse("no error given") + " (#" + r.seq() + ")",
                            r);
                }
            }
        }
        for (List<LogRecord> left : open.values()) {
            for (LogRecord r : left) {
                v.finding(owner(r) + " left " + quoted(r) + " open (opened at #" + r.seq() + ", never closed)", r);
            }
        }
        v.hint("register each resource with the task (TaskContext.register) or close it in the task's cleanup, "
                + "which runs for cancelled tasks too");
        return v;
    }
}
