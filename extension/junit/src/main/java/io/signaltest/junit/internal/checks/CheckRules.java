package io.signaltest.junit.internal.checks;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalRun;
import io.signaltest.runtime.Moment;
import io.signaltest.runtime.protocol.LogEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The checks behind {@code SignalRunAssert}, one method each, as plain functions from a run to a {@link CheckVerdict},
 * so that anything that judges runs (assertions, a console runner) judges them the same way and says the same thing.
 */
public final class CheckRules {

    /** The records that end a task: exactly one of them per task. */
    static final List<String> TERMINAL_EVENTS = List.of(
            LogEvents.TASK_COMPLETED,
            LogEvents.TASK_FAILED,
            LogEvents.TASK_CANCELLED,
            LogEvents.TASK_CANCELLED_BEFORE_START);

    /** The records of state changes that a held moment freezes. */
    static final Set<String> STATE_CHANGES = Set.of(
            LogEvents.TASK_QUEUED,
            LogEvents.TASK_STARTED,
            LogEvents.CLEANUP_STARTED,
            LogEvents.CLEANUP_FINISHED,
            LogEvents.CLEANUP_FAILED,
            LogEvents.CLEANUP_ABANDONED,
            LogEvents.TASK_COMPLETED,
            LogEvents.TASK_FAILED,
            LogEvents.TASK_CANCELLED,
            LogEvents.TASK_CANCELLED_BEFORE_START);

    private static final String LOG_FORMAT_HINT = "a program that does not use the signaltest runtime can write the "
            + "records itself (see docs/log-format.md); exitedWith, exitedWithSignalCode, shutDownWithin and "
            + "hasNoUnexpectedStderr need no log";

    private CheckRules() {}

    // ------------------------------------------------------------------------------ exit

    public static CheckVerdict exitedWith(SignalRun run, int expected) {
        CheckVerdict v = CheckVerdict.expecting("the program to exit with code " + expected);
        if (run.exitCode() != expected) {
            v.finding("exit code " + codeName(run.exitCode()) + ", expected " + codeName(expected));
            explainExitCode(run, v);
        }
        return v;
    }

    public static CheckVerdict exitedWithOneOf(SignalRun run, int... accepted) {
        Objects.requireNonNull(accepted, "the accepted exit codes must not be null");
        if (accepted.length == 0) {
            throw new IllegalArgumentException("exitedWithOneOf needs at least one accepted exit code");
        }
        if (accepted.length == 1) {
            return exitedWith(run, accepted[0]);
        }
        String names = Arrays.stream(accepted).mapToObj(CheckRules::codeName).collect(Collectors.joining(" or "));
        CheckVerdict v = CheckVerdict.expecting("the program to exit with code " + names);
        if (Arrays.stream(accepted).noneMatch(code -> code == run.exitCode())) {
            v.finding("exit code " + codeName(run.exitCode()) + ", expected " + names);
            explainExitCode(run, v);
        }
        return v;
    }

    public static CheckVerdict exitedWithSignalCode(SignalRun run) {
        int expected = run.signal().exitCode();
        CheckVerdict v = CheckVerdict.expecting("the program to exit with code " + expected
                + " (128 + " + run.signal().displayName() + "), the code of a program ended by "
                + run.signal().displayName());
        if (run.exitCode() != expected) {
            v.finding("exit code " + codeName(run.exitCode()) + ", expected " + expected + " (128 + "
                    + run.signal().displayName() + ")");
            explainExitCode(run, v);
            v.hint("after handling " + run.signal().displayName() + " and cleaning up, exit with 128 + the signal's "
                    + "number (the runtime's RunResult.exit() does); a program that returns normally exits with 0");
        }
        return v;
    }

    private static void explainExitCode(SignalRun run, CheckVerdict v) {
        CleanupLog log = run.log();
        Optional<LogRecord> exit = log.last(LogEvents.EXIT);
        Optional<LogRecord> finished = log.last(LogEvents.RUN_FINISHED);
        if (exit.isPresent()) {
            LogRecord e = exit.get();
            String chosenBy = e.text("chosen_by").orElse("?");
            OptionalLong logged = e.number("code");
            OptionalLong proposed = e.number("proposed_code");
            if (logged.isPresent() && logged.getAsLong() != run.exitCode()) {
                v.detail(
                        "the exit record (#" + e.seq() + ") says code " + logged.getAsLong() + ", chosen by the "
                                + chosenBy + ", but the process exited with " + run.exitCode() + ": something after it "
                                + "(a shutdown hook that halts, a wrapper script) changed the code",
                        e);
            } else {
                v.detail(
                        "the exit record (#" + e.seq() + ") says code " + run.exitCode() + ", chosen by the " + chosenBy
                                + (proposed.isPresent() && proposed.getAsLong() != run.exitCode()
                                        ? " (the runtime proposed " + proposed.getAsLong() + ")"
                                        : ""),
                        e);
            }
        } else if (finished.isPresent() && finished.get().number("exit_code").isPresent()) {
            LogRecord f = finished.get();
            long proposed = f.number("exit_code").getAsLong();
            if (proposed != run.exitCode()) {
                v.detail(
                        "the run ended (#" + f.seq() + ") proposing exit code " + proposed + ", but the process "
                                + "exited with " + run.exitCode()
                                + ": code after the run (a System.exit, a shutdown hook, "
                                + "a wrapper) chose another code",
                        f);
            }
        }
        log.last(LogEvents.HARNESS_GONE)
                .ifPresent(g ->
                        v.detail("the program saw its harness go away (#" + g.seq() + "): it exits with 125 then", g));
    }

    // ------------------------------------------------------------------------------ cleanups

    public static CheckVerdict cleanedUpEveryStartedTaskOnce(SignalRun run) {
        CheckVerdict v = CheckVerdict.expecting("every started task to have been cleaned up exactly once");
        if (!needsLog(run, v)) {
            return v;
        }
        CleanupLog log = run.log();
        TaskRecords tasks = new TaskRecords(log);
        for (int id : tasks.idsWith(LogEvents.TASK_STARTED)) {
            List<LogRecord> starts = tasks.of(id, LogEvents.CLEANUP_STARTED);
            List<LogRecord> ends = tasks.of(id, LogEvents.CLEANUP_FINISHED, LogEvents.CLEANUP_FAILED);
            LogRecord started = tasks.of(id, LogEvents.TASK_STARTED).get(0);
            if (starts.isEmpty() && ends.isEmpty()) {
                v.finding(taskName(log, id) + " started but its cleanup never ran", started);
            } else if (starts.isEmpty()) {
                v.finding(
                        "cleanup of task " + id + " ended (#" + ends.get(0).seq() + ") without a cleanup_started "
                                + "record",
                        ends);
            } else if (starts.size() > 1) {
                v.finding("cleanup of task " + id + " ran " + starts.size() + " times", starts);
            } else if (ends.isEmpty()) {
                v.finding(unfinishedCleanup(run, id, starts.get(0)));
            } else if (ends.size() > 1) {
                v.finding("cleanup of task " + id + " ended " + ends.size() + " times", ends);
            }
        }
        for (int id : tasks.idsWith(LogEvents.CLEANUP_STARTED)) {
            if (tasks.of(id, LogEvents.TASK_STARTED).isEmpty()) {
                v.finding(
                        "cleanup of task " + id + " ran, but task " + id + " never started",
                        tasks.of(id, LogEvents.CLEANUP_STARTED));
            }
        }
        v.hint("a task that swallows the interrupt and carries on, or a JVM that halts before the cleanups ran "
                + "(a shutdown hook that does not wait), leaves cleanups unrun; a cleanup called from two places "
                + "runs twice");
        return v;
    }

    public static CheckVerdict finishedEveryCleanup(SignalRun run) {
        CheckVerdict v = CheckVerdict.expecting(
                "every cleanup that started to have finished: none failed, " + "cut short or overran its deadline");
        if (!needsLog(run, v)) {
            return v;
        }
        CleanupLog log = run.log();
        TaskRecords tasks = new TaskRecords(log);
        Optional<Long> deadline = log.first(LogEvents.RUN_STARTED).flatMap(r -> boxed(r.number("cleanup_deadline_ms")));
        for (int id : tasks.idsWith(LogEvents.CLEANUP_STARTED)) {
            List<LogRecord> starts = tasks.of(id, LogEvents.CLEANUP_STARTED);
            List<LogRecord> ends = tasks.of(id, LogEvents.CLEANUP_FINISHED, LogEvents.CLEANUP_FAILED);
            List<LogRecord> abandoned = tasks.of(id, LogEvents.CLEANUP_ABANDONED);
            if (ends.isEmpty() || !abandoned.isEmpty()) {
                v.finding(unfinishedCleanup(run, id, starts.get(starts.size() - 1)));
            }
            for (LogRecord failed : tasks.of(id, LogEvents.CLEANUP_FAILED)) {
                v.finding(
                        "cleanup of task " + id + " failed: "
                                + failed.text("error").orElse("(no error given)") + " (#" + failed.seq() + ")",
                        failed);
            }
            List<LogRecord> overruns = new ArrayList<>(tasks.of(id, LogEvents.CLEANUP_OVERRUN));
            for (LogRecord end : ends) {
                if (end.flag("overran")) {
                    overruns.add(end);
                }
            }
            if (!overruns.isEmpty()) {
                Optional<Long> limit = overruns.stream()
                        .map(r -> boxed(r.number("deadline_ms")))
                        .flatMap(Optional::stream)
                        .findFirst()
                        .or(() -> deadline);
                Optional<Long> took = ends.stream()
                        .map(r -> boxed(r.number("duration_ms")))
                        .flatMap(Optional::stream)
                        .findFirst();
                v.finding(
                        "cleanup of task " + id + " overran its deadline"
                                + limit.map(ms -> " of " + ms + " ms").orElse("")
                                + took.map(ms -> " (it took " + ms + " ms)").orElse(""),
                        overruns);
            }
        }
        v.hint("cleanups must be shielded from further signals and interrupts, and quick enough for the cleanup "
                + "deadline; a cleanup that throws leaves its work half done");
        return v;
    }

    public static CheckVerdict repeatedSignalsDidNotAbortCleanup(SignalRun run) {
        CheckVerdict v = CheckVerdict.expecting("repeated signals to have left every cleanup running to its end");
        if (!needsLog(run, v)) {
            return v;
        }
        CleanupLog log = run.log();
        List<LogRecord> signals = log.records(LogEvents.SIGNAL_RECEIVED);
        if (signals.size() < 2) {
            v.finding(
                    "the log records " + signals.size() + " signal_received, but this check is about repeated "
                            + "signals: it needs at least two (deliver more, for example @SignalTest(repeat = 2))",
                    signals);
        }
        for (LogRecord escalated : log.records(LogEvents.ESCALATED)) {
            v.finding(
                    "the run escalated at #" + escalated.seq() + " ("
                            + escalated.text("reason").orElse("no reason given")
                            + ") instead of waiting for its cleanups",
                    escalated);
        }
        TaskRecords tasks = new TaskRecords(log);
        for (int id : tasks.idsWith(LogEvents.CLEANUP_STARTED)) {
            List<LogRecord> starts = tasks.of(id, LogEvents.CLEANUP_STARTED);
            if (tasks.of(id, LogEvents.CLEANUP_FINISHED, LogEvents.CLEANUP_FAILED)
                            .isEmpty()
                    || !tasks.of(id, LogEvents.CLEANUP_ABANDONED).isEmpty()) {
                v.finding(unfinishedCleanup(run, id, starts.get(starts.size() - 1)));
            }
        }
        v.hint("while cleanups run, count and log further signals but do not act on them (the runtime's default "
                + "RepeatPolicy.ignoreDuringCleanup()); a JVM whose own handler gets the second signal halts at once");
        return v;
    }

    /**
     * Why the cleanup of task {@code id} that began at {@code started} has no end: abandoned, cut short, or the log
     * stops.
     */
    static CheckVerdict.Finding unfinishedCleanup(SignalRun run, int id, LogRecord started) {
        CleanupLog log = run.log();
        List<LogRecord> signals = log.records(LogEvents.SIGNAL_RECEIVED);
        Optional<LogRecord> abandoned = log.after(started).stream()
                .filter(r -> r.is(LogEvents.CLEANUP_ABANDONED)
                        && r.task().isPresent()
                        && r.task().getAsInt() == id)
                .findFirst();
        if (abandoned.isPresent()) {
            LogRecord a = abandoned.get();
            Optional<LogRecord> escalated = lastBefore(log, LogEvents.ESCALATED, a);
            String reason = a.text("reason")
                    .or(() -> escalated.flatMap(e -> e.text("reason")))
                    .orElse("");
            String where = escalated
                            .map(e -> "the run escalated at #" + e.seq() + " and ")
                            .orElse("the run ") + "abandoned it at #" + a.seq();
            if (reason.equals("repeated-signal")) {
                Optional<LogRecord> signal = lastBefore(log, LogEvents.SIGNAL_RECEIVED, a);
                String which = signal.map(s -> "the " + ordinal(signalOrdinal(s, signals)) + " " + signalName(s, run))
                        .orElse("a repeated " + run.signal().displayName());
                return finding(
                        "cleanup of task " + id + " was cut short by " + which + " (" + where + ")",
                        started,
                        signal.orElse(null),
                        escalated.orElse(null),
                        a);
            }
            if (reason.equals("cleanup-deadline")) {
                return finding(
                        "cleanup of task " + id + " was abandoned when a cleanup overran its deadline (" + where + ")",
                        started,
                        escalated.orElse(null),
                        a);
            }
            return finding(
                    "cleanup of task " + id + " was abandoned (" + where
                            + (reason.isEmpty() ? "" : ", reason " + reason) + ")",
                    started,
                    escalated.orElse(null),
                    a);
        }
        Optional<CheckVerdict.Finding> programsFault = unfinishedWithoutTheRepeat(run, id, started);
        if (programsFault.isPresent()) {
            return programsFault.get();
        }
        Optional<LogRecord> repeat = signals.stream()
                .filter(s -> s.seq() > started.seq() && signalOrdinal(s, signals) >= 2)
                .findFirst();
        if (repeat.isPresent()) {
            LogRecord s = repeat.get();
            Optional<LogRecord> stop = stopAfter(log, s);
            return finding(
                    "cleanup of task " + id + " was cut short by the " + ordinal(signalOrdinal(s, signals))
                            + " " + signalName(s, run) + " (cleanup started at #" + started.seq() + ", the "
                            + signalName(s, run) + " arrived at #" + s.seq()
                            + stop.map(h -> ", the program " + (h.is(LogEvents.HALT_REQUESTED) ? "halted" : "exited")
                                            + " on it at #" + h.seq()
                                            + h.text("caller")
                                                    .map(c -> " (" + c + ")")
                                                    .orElse(""))
                                    .orElse("")
                            + ", and the cleanup never ended)",
                    started,
                    s,
                    stop.orElse(null));
        }
        boolean ended = log.last(LogEvents.RUN_FINISHED).isPresent()
                || log.last(LogEvents.EXIT).isPresent();
        LogRecord lastRecord = log.records().get(log.records().size() - 1);
        if (run.signalsSent() > signals.size() && run.signalsSent() > 1 && !ended) {
            return finding(
                    "cleanup of task " + id + " was cut short by the " + ordinal(signals.size() + 1L) + " "
                            + run.signal().displayName() + " (cleanup started at #" + started.seq()
                            + " and never ended; "
                            + run.signalsSent() + " " + run.signal().displayName() + " were sent, the log records "
                            + signals.size() + " received and stops at #" + lastRecord.seq() + ")",
                    started,
                    lastRecord);
        }
        return finding(
                "cleanup of " + taskName(log, id) + " started at #" + started.seq() + " but never ended"
                        + (ended
                                ? ""
                                : ": the log stops at #" + lastRecord.seq()
                                        + ", so the process ended during the cleanup"),
                started);
    }

    /**
     * A cleanup that never ended for a reason of the program's that the log shows whatever the repeated signals did:
     * the JVM halted when the program's shutdown hooks returned without waiting for it, or the program never exited and
     * was killed. A repeated signal that came in between is not the cause, and the message does not blame it.
     */
    private static Optional<CheckVerdict.Finding> unfinishedWithoutTheRepeat(SignalRun run, int id, LogRecord started) {
        CleanupLog log = run.log();
        boolean ended = log.last(LogEvents.RUN_FINISHED).isPresent()
                || log.last(LogEvents.EXIT).isPresent();
        Optional<LogRecord> hooksReturned = firstAfter(log, started, LogEvents.SHUTDOWN_HOOKS_FINISHED);
        Optional<LogRecord> stop = stopAfter(log, started);
        if (hooksReturned.isPresent()
                && ended
                && (stop.isEmpty() || stop.get().seq() > hooksReturned.get().seq())) {
            Optional<LogRecord> gaveUp = firstAfter(log, started, LogEvents.EXECUTOR_AWAITED)
                    .filter(a -> a.seq() < hooksReturned.get().seq());
            if (gaveUp.isPresent()) {
                return Optional.of(finding(
                        "cleanup of " + taskName(log, id) + " started at #" + started.seq() + " but never ended: "
                                + "the program waited for it and gave up (awaitTermination returned false at #"
                                + gaveUp.get().seq() + "), so the task went on after its cancellation (one that "
                                + "swallows the interrupt and carries on) or its cleanup blocks; the JVM halted when "
                                + "the shutdown hooks returned (#"
                                + hooksReturned.get().seq() + ")",
                        started,
                        gaveUp.get(),
                        hooksReturned.get()));
            }
            return Optional.of(finding(
                    "cleanup of " + taskName(log, id) + " started at #" + started.seq() + " but never ended: the "
                            + "program's shutdown hooks returned at #"
                            + hooksReturned.get().seq() + " without "
                            + "waiting for it, and the JVM halts when its hooks return (the first signal alone "
                            + "ends it so; wait in the hook, for example with awaitTermination, until the tasks "
                            + "have ended)",
                    started,
                    hooksReturned.get()));
        }
        if (!ended && run.exitCode() == 128 + 9) {
            return Optional.of(finding(
                    "cleanup of " + taskName(log, id) + " started at #" + started.seq() + " but never ended: the "
                            + "program did not exit on its own and was killed (exit code " + codeName(run.exitCode())
                            + "), so the task went on after its cancellation (one that swallows the interrupt and "
                            + "carries on) or its cleanup blocks; no signal ended it",
                    started));
        }
        return Optional.empty();
    }

    private static boolean writtenByAgent(CleanupLog log) {
        return log.first(LogEvents.RUN_STARTED)
                .flatMap(r -> r.text("writer"))
                .map("agent"::equals)
                .orElse(false);
    }

    /**
     * The first request after {@code limit} that ends the JVM: a halt, or the run's first exit (a JVM already shutting
     * down ignores a further exit, such as its own handler's on a repeated signal).
     */
    private static Optional<LogRecord> stopAfter(CleanupLog log, LogRecord limit) {
        Optional<LogRecord> firstExit = log.first(LogEvents.EXIT_REQUESTED);
        return log.after(limit).stream()
                .filter(r -> r.is(LogEvents.HALT_REQUESTED)
                        || (r.is(LogEvents.EXIT_REQUESTED) && firstExit.get().seq() == r.seq()))
                .findFirst();
    }

    /** The first record after {@code limit} of one of {@code events}. */
    private static Optional<LogRecord> firstAfter(CleanupLog log, LogRecord limit, String... events) {
        return log.after(limit).stream()
                .filter(r -> Arrays.asList(events).contains(r.event()))
                .findFirst();
    }

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

    // ------------------------------------------------------------------------------ signals and moments

    public static CheckVerdict receivedSignals(SignalRun run, int expected) {
        CheckVerdict v = CheckVerdict.expecting(
                "the program to have logged receiving " + expected + (expected == 1 ? " signal" : " signals"));
        if (!needsLog(run, v)) {
            return v;
        }
        List<LogRecord> signals = run.log().records(LogEvents.SIGNAL_RECEIVED);
        if (signals.size() != expected) {
            v.finding("the log records " + signals.size() + " signal_received, expected " + expected, signals);
            v.detail("the test sent " + run.signalsSent() + " " + run.signal().displayName());
        }
        return v;
    }

    public static CheckVerdict signalLandedAt(SignalRun run, Moment moment) {
        Objects.requireNonNull(moment, "moment must not be null");
        String m = moment.name();
        CheckVerdict v = CheckVerdict.expecting("the signal to have landed at " + m
                + ", with no state change between reaching it and receiving the signal");
        if (!needsLog(run, v)) {
            return v;
        }
        CleanupLog log = run.log();
        Optional<LogRecord> reached = log.records(LogEvents.MOMENT).stream()
                .filter(r -> r.text("moment").map(m::equals).orElse(false))
                .findFirst();
        if (reached.isEmpty()) {
            Optional<LogRecord> missed = log.records(LogEvents.MOMENT_MISSED).stream()
                    .filter(r -> r.text("moment").map(m::equals).orElse(false))
                    .findFirst();
            if (missed.isPresent()) {
                v.finding(
                        "the program never reached " + m + ": "
                                + missed.get().text("detail").orElse(LogEvents.MOMENT_MISSED) + " (#"
                                + missed.get().seq() + ")",
                        missed.get());
            } else {
                List<String> others = log.records(LogEvents.MOMENT).stream()
                        .map(r -> r.text("moment").orElse("?"))
                        .collect(Collectors.toList());
                v.finding("the log has no moment record for " + m + " (moments reached: "
                        + (others.isEmpty() ? "none" : String.join(", ", others)) + "): the program never reached "
                        + "it, or the test did not arm it");
            }
            return v;
        }
        LogRecord at = reached.get();
        Optional<LogRecord> signal = log.after(at).stream()
                .filter(r -> r.is(LogEvents.SIGNAL_RECEIVED))
                .findFirst();
        long until = signal.map(LogRecord::seq).orElse(Long.MAX_VALUE);
        if (signal.isEmpty()) {
            v.finding("no signal was received after the program reached " + m + " at #" + at.seq(), at);
        }
        for (LogRecord r : log.after(at)) {
            if (r.seq() >= until) {
                break;
            }
            String landmark = "between reaching " + m + " (#" + at.seq() + ") and "
                    + signal.map(s -> "receiving the signal (#" + s.seq() + ")").orElse("the end of the log");
            if (STATE_CHANGES.contains(r.event())) {
                v.finding(
                        r.event()
                                + (r.task().isPresent() ? " of task " + r.task().getAsInt() : "") + " at #" + r.seq()
                                + " came " + landmark,
                        at,
                        r,
                        signal.orElse(null));
            } else if (r.is(LogEvents.HOLD_RELEASED)) {
                v.finding(
                        "the hold at " + m + " was released at #" + r.seq() + " (reason "
                                + r.text("reason").orElse("?") + ") before the signal was received"
                                + r.text("detail").map(d -> ": " + d).orElse(""),
                        at,
                        r);
            }
        }
        stateMismatch(moment, at).ifPresent(text -> v.finding(text, at));
        v.detail("state at " + m + " (#" + at.seq() + "): " + state(at), at, signal.orElse(null));
        v.hint("the runtime holds every state change at an armed moment until the signal is logged; a state "
                + "change in between means the hold was not honoured, or was released (for example by its deadline)");
        return v;
    }

    /** When the state in a moment record contradicts the moment's definition, what is wrong. */
    private static Optional<String> stateMismatch(Moment moment, LogRecord at) {
        OptionalLong max = at.number("max_concurrent");
        OptionalLong queued = at.number("queued");
        OptionalLong running = at.number("running");
        OptionalLong inCleanup = at.number("in_cleanup");
        OptionalLong occupied = at.number("occupied_slots");
        if (occupied.isEmpty() && running.isPresent() && inCleanup.isPresent()) {
            occupied = OptionalLong.of(running.getAsLong() + inCleanup.getAsLong());
        }
        boolean ok;
        String means;
        switch (moment) {
            case BEFORE_START:
                ok = occupied.isEmpty() || occupied.getAsLong() == 0;
                means = "no task started";
                break;
            case BELOW_LIMIT:
                ok = occupied.isEmpty()
                        || max.isEmpty()
                        || queued.isEmpty()
                        || (occupied.getAsLong() > 0
                                && occupied.getAsLong() < max.getAsLong()
                                && queued.getAsLong() == 0);
                means = "some slots busy, some free, nothing queued";
                break;
            case ALL_SLOTS_FULL:
                ok = occupied.isEmpty()
                        || max.isEmpty()
                        || queued.isEmpty()
                        || (occupied.getAsLong() == max.getAsLong() && queued.getAsLong() == 0);
                means = "every slot busy, nothing queued";
                break;
            case QUEUE_WAITING:
                ok = occupied.isEmpty()
                        || max.isEmpty()
                        || queued.isEmpty()
                        || (occupied.getAsLong() == max.getAsLong() && queued.getAsLong() > 0);
                means = "every slot busy and at least one task waiting";
                break;
            case DURING_CLEANUP:
                ok = inCleanup.isEmpty() || inCleanup.getAsLong() > 0;
                means = "a cleanup in progress";
                break;
            default:
                return Optional.empty();
        }
        return ok
                ? Optional.empty()
                : Optional.of("the moment record (#" + at.seq() + ") says " + moment.name() + " (" + means
                        + "), but its state does not match: " + state(at));
    }

    public static CheckVerdict shutDownWithin(SignalRun run, Duration limit) {
        CheckVerdict v =
                CheckVerdict.expecting("the program to have exited within " + duration(limit) + " of the signal");
        if (run.signalToExit().compareTo(limit) > 0) {
            CleanupLog log = run.log();
            List<LogRecord> marks = new ArrayList<>();
            log.firstSignal().ifPresent(marks::add);
            log.last(LogEvents.RUN_FINISHED).ifPresent(marks::add);
            log.last(LogEvents.EXIT).ifPresent(marks::add);
            v.finding(
                    "the program took " + duration(run.signalToExit()) + " from the signal to its exit, expected "
                            + "at most " + duration(limit),
                    marks);
        }
        v.hint("a program that finishes its current piece of work before it stops is killed by orchestrators that "
                + "wait only so long (docker stop: 10 s, Kubernetes: 30 s by default): stop the work at the signal, "
                + "and keep the cleanup short; the standard matrix's deadline is the configuration parameter "
                + "signaltest.shutdown.deadline.millis");
        return v;
    }

    // ------------------------------------------------------------------------------ output

    public static CheckVerdict hasNoUnexpectedStderr(SignalRun run, String... allowedRegexes) {
        Objects.requireNonNull(allowedRegexes, "allowedRegexes must not be null");
        List<Pattern> allowed = new ArrayList<>();
        for (String regex : allowedRegexes) {
            Objects.requireNonNull(regex, "an allowed stderr pattern is null");
            try {
                allowed.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "the allowed stderr pattern \"" + regex + "\" is not a regular " + "expression: "
                                + e.getDescription() + "; quote literal text with Pattern.quote",
                        e);
            }
        }
        CheckVerdict v = CheckVerdict.expecting(
                allowed.isEmpty()
                        ? "stderr to be empty"
                        : "every line of stderr to match one of "
                                + allowed.stream()
                                        .map(p -> "\"" + p.pattern() + "\"")
                                        .collect(Collectors.joining(", ")));
        // Line by line from the run's file: stderr of any size is checked without holding it.
        try (java.util.stream.Stream<String> lines = run.stderrLines()) {
            java.util.Iterator<String> each = lines.iterator();
            for (long number = 1; each.hasNext(); number++) {
                String line = each.next();
                if (line.isBlank()
                        || allowed.stream().anyMatch(p -> p.matcher(line).matches())) {
                    continue;
                }
                v.finding("stderr line " + number
                        + (allowed.isEmpty() ? " is unexpected: " : " matches no allowed " + "pattern: ") + line);
            }
        }
        return v;
    }

    /** Fails on each stack trace on stderr (a Java exception with its frames, a Python traceback). Needs no log. */
    public static CheckVerdict hasNoStackTraceOnStderr(SignalRun run) {
        CheckVerdict v = CheckVerdict.expecting("no stack trace on stderr");
        for (StackTraces.Trace trace : StackTraces.in(run.stderr())) {
            v.finding(RunWarnings.stackTrace(trace));
        }
        v.hint("a cancelled task's InterruptedException is the expected way for it to end, not an error: catch it "
                + "where the task stops and let the cleanup run, instead of printing it");
        return v;
    }

    /** Counts the lines of output after the signal in which {@code regex} finds a match. Needs no log. */
    public static CheckVerdict printedAfterTheSignal(SignalRun run, String regex, int expected) {
        Pattern pattern = pattern(regex, "output");
        CheckVerdict v = CheckVerdict.expecting(expected + (expected == 1 ? " line" : " lines") + " matching \"" + regex
                + "\" on stdout or stderr after the signal");
        List<String> matching = run.outputAfterTheSignal().stream()
                .filter(l -> pattern.matcher(l).find())
                .collect(Collectors.toList());
        if (matching.size() != expected) {
            v.finding(matching.size() + (matching.size() == 1 ? " line matches" : " lines match")
                    + " after the signal, " + "expected " + expected
                    + (matching.isEmpty() ? "" : ": " + String.join(" | ", first(matching, 5))));
        }
        return v;
    }

    /**
     * Pairs each line that matches {@code startRegex} with a later line that matches {@code cleanupRegex}. When both
     * expressions have a first group (a task's name or id), a start is matched only by a cleanup with the same group;
     * otherwise by any later cleanup line not matched yet. Reads stdout, then stderr. Needs no log.
     */
    public static CheckVerdict matchedEveryStartWithACleanup(SignalRun run, String startRegex, String cleanupRegex) {
        Pattern start = pattern(startRegex, "start");
        Pattern cleanup = pattern(cleanupRegex, "cleanup");
        CheckVerdict v = CheckVerdict.expecting("every line matching \"" + startRegex
                + "\" to be followed by its own line matching \"" + cleanupRegex + "\"");
        boolean keyed =
                start.matcher("").groupCount() >= 1 && cleanup.matcher("").groupCount() >= 1;
        List<String> lines = new ArrayList<>(run.stdout().lines().toList());
        lines.addAll(run.stderr().lines().toList());
        List<String> open = new ArrayList<>(); // keys (or the lines themselves) of unmatched starts, in order
        List<String> openLines = new ArrayList<>();
        int extraCleanups = 0;
        for (String line : lines) {
            java.util.regex.Matcher s = start.matcher(line);
            java.util.regex.Matcher c = cleanup.matcher(line);
            if (s.find()) {
                open.add(keyed ? String.valueOf(s.group(1)) : "");
                openLines.add(line);
            } else if (c.find()) {
                int i = keyed ? open.indexOf(String.valueOf(c.group(1))) : open.isEmpty() ? -1 : 0;
                if (i >= 0) {
                    open.remove(i);
                    openLines.remove(i);
                } else {
                    extraCleanups++;
                }
            }
        }
        for (String line : openLines) {
            v.finding("no cleanup line for: " + line);
        }
        if (extraCleanups > 0) {
            v.detail(extraCleanups + " cleanup " + (extraCleanups == 1 ? "line matches" : "lines match")
                    + " no start line before it");
        }
        v.hint("a task that started must print its cleanup line on every way out, cancellation included (in a "
                + "finally block); a program that exits before its cleanups ran, or whose cleanup is cancelled "
                + "again, leaves starts without cleanups");
        return v;
    }

    private static Pattern pattern(String regex, String role) {
        Objects.requireNonNull(regex, "the " + role + " pattern must not be null");
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "the " + role + " pattern \"" + regex + "\" is not a regular " + "expression: " + e.getDescription()
                            + "; quote literal text with Pattern.quote",
                    e);
        }
    }

    private static List<String> first(List<String> lines, int n) {
        return lines.size() <= n ? lines : lines.subList(0, n);
    }

    // ------------------------------------------------------------------------------ files

    public static CheckVerdict leftNoFilesIn(SignalRun run, java.nio.file.Path directory) {
        Objects.requireNonNull(directory, "directory must not be null");
        CheckVerdict v = CheckVerdict.expecting("no file to be left behind in " + directory);
        List<String> left = leftIn(directory, false);
        for (String file : left) {
            v.finding("file left behind in " + directory.getFileName() + ": " + file);
        }
        v.hint("register every temporary file or handle where it is opened (TaskContext.register) or delete it in the "
                + "task's cleanup, so that a cancelled task leaves nothing behind");
        return v;
    }

    /**
     * Fails on anything left in the child's own temporary directory ({@code java.io.tmpdir}, {@code TMPDIR}): each
     * file, and each directory left empty, by name.
     */
    public static CheckVerdict leftNoTemporaryFiles(SignalRun run) {
        java.nio.file.Path directory = run.temporaryDirectory();
        CheckVerdict v = CheckVerdict.expecting(
                "nothing to be left in the program's temporary directory " + "(java.io.tmpdir, TMPDIR) " + directory);
        for (String left : leftIn(directory, true)) {
            v.finding("temporary file left behind: " + left);
        }
        v.hint("a temporary file (Files.createTempFile, File.createTempFile, Python's tempfile) must be deleted on "
                + "every way out of the task, cancellation included: register it with the task (TaskContext.register) "
                + "or delete it in the cleanup, not only after the work succeeded");
        return v;
    }

    /**
     * The files under {@code directory}, relative and sorted; with {@code emptyDirectories}, those too (ending in /).
     */
    private static List<String> leftIn(java.nio.file.Path directory, boolean emptyDirectories) {
        if (!java.nio.file.Files.isDirectory(directory)) {
            return List.of(); // nothing was ever written there
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(directory)) {
            return files.filter(p -> !p.equals(directory))
                    .filter(p -> !java.nio.file.Files.isDirectory(p) || emptyDirectories && isEmptyDirectory(p))
                    .map(p -> directory.relativize(p).toString() + (java.nio.file.Files.isDirectory(p) ? "/" : ""))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + directory + " to look for files left behind", e);
        }
    }

    private static boolean isEmptyDirectory(java.nio.file.Path directory) {
        try (java.util.stream.Stream<java.nio.file.Path> entries = java.nio.file.Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------ all at once

    /**
     * Every check that a program which survives the signal passes: the exit code, no start after the signal, each
     * started task cleaned up once and to its end, every queued task reported, one terminal state each, no resource
     * left open, nothing left in the program's temporary directory, the signal landing at the run's moment (for runtime
     * moments), and, when several signals were sent, no cleanup aborted by them. One verdict lists every finding of
     * every failed check, and carries the run's warnings (a stack trace on stderr, buffered output), which do not fail
     * it.
     */
    public static CheckVerdict shutDownCleanly(SignalRun run) {
        List<CheckVerdict> checks = new ArrayList<>();
        checks.add(exitedWithSignalCode(run));
        checks.add(startedNoTaskAfterTheSignal(run));
        checks.add(cleanedUpEveryStartedTaskOnce(run));
        checks.add(finishedEveryCleanup(run));
        checks.add(cancelledEveryQueuedTaskBeforeStart(run));
        checks.add(endedEveryTaskInExactlyOneTerminalState(run));
        checks.add(leftNoResourceOpen(run));
        checks.add(leftNoTemporaryFiles(run));
        runtimeMoment(run).ifPresent(moment -> checks.add(signalLandedAt(run, moment)));
        if (run.signalsSent() > 1 || "DURING_CLEANUP".equals(run.moment())) {
            checks.add(repeatedSignalsDidNotAbortCleanup(run));
        }
        CheckVerdict all = CheckVerdict.expecting(
                "the program to shut down cleanly after " + run.signal().displayName() + " at " + run.moment());
        Set<String> seen = new LinkedHashSet<>();
        for (CheckVerdict check : checks) {
            for (CheckVerdict.Finding finding : check.findings()) {
                if (seen.add(finding.text())) { // several checks may see one symptom
                    all.finding(finding);
                }
            }
            // Findings beyond those kept cannot be told apart from another check's: they are counted as they are.
            all.moreFindings(check.findingCount() - check.findings().size());
        }
        run.warnings().forEach(all::warning);
        return all;
    }

    private static Optional<Moment> runtimeMoment(SignalRun run) {
        for (Moment m : Moment.values()) {
            if (m.name().equals(run.moment())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------ shared

    /** Adds the finding that the log is missing or unreadable; false when there is nothing to check. */
    static boolean needsLog(SignalRun run, CheckVerdict v) {
        CleanupLog log = run.log();
        if (log.isEmpty()) {
            String why = !log.notes().isEmpty()
                    ? String.join("; ", log.notes())
                    : !log.errors().isEmpty()
                            ? "none of its " + log.errors().size() + " lines is a valid record"
                            : "the log has no records";
            v.finding("this check needs the cleanup log, but the program wrote none: " + why);
            v.hint("run the program on the signaltest runtime, which writes the log where the test asks; "
                    + LOG_FORMAT_HINT);
            return false;
        }
        if (!log.errors().isEmpty()) {
            v.finding("this check needs a readable cleanup log, but "
                    + log.errors().size() + " of its lines "
                    + (log.errors().size() == 1 ? "is not a valid record" : "are not valid records")
                    + " (see the log errors below), so records may be missing");
        }
        return true;
    }

    /** Adds the finding that the log lists no queued tasks; false when there is nothing to check. */
    private static boolean needsQueue(SignalRun run, CheckVerdict v) {
        CleanupLog log = run.log();
        if (!log.records(LogEvents.TASK_QUEUED).isEmpty()) {
            return true;
        }
        boolean noTasks = log.first(LogEvents.RUN_STARTED)
                .map(r -> r.number("tasks").orElse(-1) == 0)
                .orElse(false);
        if (lazySource(log)) {
            v.detail("the program takes its tasks from a lazy source and took none before the run ended, so there is "
                    + "no task to check");
        } else if (!noTasks) {
            v.finding("this check needs the task_queued records of the cleanup log, but the log has none, so it "
                    + "cannot tell which tasks there were");
            v.hint(LOG_FORMAT_HINT);
        }
        return false;
    }

    /** True when run_started says the tasks come from a lazy source, read as slots free up (docs/log-format.md). */
    private static boolean lazySource(CleanupLog log) {
        return log.first(LogEvents.RUN_STARTED)
                .flatMap(r -> r.text("source"))
                .map("lazy"::equals)
                .orElse(false);
    }

    /**
     * For a lazy source that was not read to its end, the note that tasks never taken from it are not in the log: the
     * checks cover the tasks the program took, which are all it knew of.
     */
    private static Optional<String> notTakenFromSource(CleanupLog log) {
        if (!lazySource(log)) {
            return Optional.empty();
        }
        Optional<LogRecord> finished = log.last(LogEvents.RUN_FINISHED);
        if (finished.isPresent() && finished.get().flag("source_exhausted")) {
            return Optional.empty();
        }
        return Optional.of("the program takes its tasks from a lazy source and "
                + (finished.isPresent()
                        ? "did not read it to its end (run_finished #"
                                + finished.get().seq() + " says source_exhausted: false)"
                        : "the log does not say whether it read it to its end")
                + ": tasks it never took are not in the log and are not checked");
    }

    /**
     * For a task list, the tasks that run_started announces but that have no task_queued record: lost without a trace,
     * so no other check can see them.
     */
    /** @param queued the ids of the queued tasks, sorted */
    private static Optional<CheckVerdict.Finding> announcedButNeverQueued(CleanupLog log, int[] queued) {
        Optional<LogRecord> started = log.first(LogEvents.RUN_STARTED);
        if (started.isEmpty()
                || lazySource(log)
                || started.get().number("tasks").isEmpty()) {
            return Optional.empty();
        }
        long announced = started.get().number("tasks").getAsLong();
        List<Long> missing = new ArrayList<>();
        for (long id = 1; id <= announced; id++) {
            if (Arrays.binarySearch(queued, (int) id) < 0) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String ids = missing.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "))
                + (missing.size() > 10 ? ", ..." : "");
        return Optional.of(finding(
                "run_started (#" + started.get().seq() + ") announces " + announced + " tasks, but "
                        + missing.size() + " of them never appear in the log (no task_queued record): task"
                        + (missing.size() == 1 ? " " : "s ") + ids,
                started.get()));
    }

    /**
     * In a log written by the signaltest agent, the program's own cancellation (its first shutdownNow of a busy
     * executor, or interrupt of a task: the agent's run_cancelling); empty for other logs, where the program's handler
     * logs the signal itself.
     */
    private static Optional<LogRecord> programsCancellation(CleanupLog log) {
        return writtenByAgent(log) ? log.first(LogEvents.RUN_CANCELLING) : Optional.empty();
    }

    /**
     * The record that marks the run's cancellation: its run_cancelling record, or else the first signal that cancelled.
     */
    private static Optional<LogRecord> cancellation(CleanupLog log) {
        Optional<LogRecord> cancelling = log.first(LogEvents.RUN_CANCELLING);
        Optional<LogRecord> signal = log.records(LogEvents.SIGNAL_RECEIVED).stream()
                .filter(r -> r.text("action").map("cancel"::equals).orElse(true))
                .findFirst();
        if (cancelling.isPresent() && signal.isPresent()) {
            return Optional.of(signal.get().seq() < cancelling.get().seq() ? signal.get() : cancelling.get());
        }
        return cancelling.isPresent() ? cancelling : signal;
    }

    private static Optional<LogRecord> lastBefore(CleanupLog log, String event, LogRecord limit) {
        LogRecord found = null;
        for (LogRecord r : log.records()) {
            if (r.seq() > limit.seq()) {
                break;
            }
            if (r.is(event)) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /** 1 for the first signal of the run, 2 for the second, ...: its {@code count}, or else its position. */
    private static long signalOrdinal(LogRecord signal, List<LogRecord> signals) {
        OptionalLong count = signal.number("count");
        return count.isPresent() ? count.getAsLong() : signals.indexOf(signal) + 1L;
    }

    private static String signalName(LogRecord signal, SignalRun run) {
        return signal.text("signal")
                .map(s -> s.startsWith("SIG") ? s : "SIG" + s)
                .orElse(run.signal().displayName());
    }

    static String ordinal(long n) {
        String[] words = {
            "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"
        };
        if (n >= 0 && n < words.length) {
            return words[(int) n];
        }
        long lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13
                ? "th"
                : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
        return n + suffix;
    }

    /** An exit code, with the signal it stands for when it is 128 + a well-known signal number. */
    static String codeName(int code) {
        String signal;
        switch (code - 128) {
            case 1:
                signal = "SIGHUP";
                break;
            case 2:
                signal = "SIGINT";
                break;
            case 3:
                signal = "SIGQUIT";
                break;
            case 6:
                signal = "SIGABRT";
                break;
            case 9:
                signal = "SIGKILL";
                break;
            case 15:
                signal = "SIGTERM";
                break;
            default:
                return Integer.toString(code);
        }
        return code + " (128 + " + signal + ")";
    }

    static String duration(Duration d) {
        if (d.isNegative() || d.compareTo(Duration.ofSeconds(1)) >= 0) {
            return new BigDecimal(d.toMillis())
                            .movePointLeft(3)
                            .stripTrailingZeros()
                            .toPlainString() + " s";
        }
        return new BigDecimal(d.toNanos())
                        .movePointLeft(6)
                        .setScale(3, java.math.RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString()
                + " ms";
    }

    private static String state(LogRecord moment) {
        Map<String, Object> details = moment.details();
        details.remove("moment");
        details.remove("held");
        return details.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * "task 3"; in a log from the agent, also what the task is and where it ran, as the program knows them: "task 3
     * (FileJob[input-3] on pool-1-thread-1 of java.util.concurrent.ThreadPoolExecutor#1)".
     */
    static String taskName(CleanupLog log, int id) {
        Optional<LogRecord> queued = log.records(LogEvents.TASK_QUEUED).stream()
                .filter(r -> r.task().isPresent() && r.task().getAsInt() == id)
                .findFirst();
        Optional<String> executor = queued.flatMap(r -> r.text("executor"));
        if (executor.isEmpty()) {
            return "task " + id;
        }
        String name = queued.get().text("name").orElse("?");
        String thread = log.records(LogEvents.TASK_STARTED).stream()
                .filter(r -> r.task().isPresent() && r.task().getAsInt() == id)
                .findFirst()
                .flatMap(r -> r.text("thread"))
                .filter(t -> !t.equals(name))
                .map(t -> " on " + t)
                .orElse("");
        return "task " + id + " (" + name + thread + " of " + executor.get() + ")";
    }

    private static String owner(LogRecord r) {
        return r.task().isPresent() ? "task " + r.task().getAsInt() : "the program";
    }

    private static String quoted(LogRecord r) {
        return "resource '" + r.text("resource").orElse("?") + "'";
    }

    private static Optional<Long> boxed(OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    private static CheckVerdict.Finding finding(String text, LogRecord... records) {
        List<LogRecord> present = new ArrayList<>();
        for (LogRecord r : records) {
            if (r != null) {
                present.add(r);
            }
        }
        return new CheckVerdict.Finding(text, present);
    }

    /**
     * The records of each task, in log order, read from the log as they are asked for: on a large log only the records
     * a check looks at are parsed, and none are kept.
     */
    private static final class TaskRecords {
        private final CleanupLog log;

        TaskRecords(CleanupLog log) {
            this.log = log;
        }

        List<LogRecord> all(int id) {
            return log.task(id);
        }

        List<LogRecord> of(int id, String... events) {
            return log.task(id, events);
        }

        /**
         * The ids of tasks that have an {@code event} record, in the order of their first such record; in arrays of
         * primitives, as a log may have a million tasks.
         */
        int[] idsWith(String event) {
            List<Integer> all = log.taskIds(event);
            long[] byId = new long[all.size()]; // id << 32 | position: sorted, the first of each id comes first
            for (int i = 0; i < byId.length; i++) {
                byId[i] = ((long) all.get(i) << 32) | i;
            }
            all = null; // let the boxed ids go before the next arrays
            Arrays.sort(byId);
            int[] firstPositions = new int[byId.length];
            int count = 0;
            for (int i = 0; i < byId.length; i++) {
                if (i == 0 || (byId[i] >> 32) != (byId[i - 1] >> 32)) {
                    firstPositions[count++] = (int) byId[i];
                }
            }
            int[] positions = Arrays.copyOf(firstPositions, count);
            Arrays.sort(positions);
            int[] ids = new int[count];
            int[] idAt = new int[byId.length];
            for (long key : byId) {
                idAt[(int) key] = (int) (key >> 32);
            }
            for (int i = 0; i < count; i++) {
                ids[i] = idAt[positions[i]];
            }
            return ids;
        }
    }
}
