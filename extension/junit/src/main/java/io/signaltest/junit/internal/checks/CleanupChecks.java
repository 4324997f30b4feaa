package io.signaltest.junit.internal.checks;

import static io.signaltest.junit.internal.checks.CheckSupport.boxed;
import static io.signaltest.junit.internal.checks.CheckSupport.codeName;
import static io.signaltest.junit.internal.checks.CheckSupport.finding;
import static io.signaltest.junit.internal.checks.CheckSupport.lastBefore;
import static io.signaltest.junit.internal.checks.CheckSupport.needsLog;
import static io.signaltest.junit.internal.checks.CheckSupport.ordinal;
import static io.signaltest.junit.internal.checks.CheckSupport.signalName;
import static io.signaltest.junit.internal.checks.CheckSupport.signalOrdinal;
import static io.signaltest.junit.internal.checks.CheckSupport.taskName;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.checks.CheckSupport.TaskRecords;
import io.signaltest.junit.internal.findings.Finding;
import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The checks of the started tasks' cleanups: each ran once, each finished, and no repeated signal cut one short. Each
 * is a plain function from a run to a {@link CheckVerdict}.
 */
public final class CleanupChecks {

    private CleanupChecks() {}

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
    static Finding unfinishedCleanup(SignalRun run, int id, LogRecord started) {
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
        Optional<Finding> programsFault = unfinishedWithoutTheRepeat(run, id, started);
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
    private static Optional<Finding> unfinishedWithoutTheRepeat(SignalRun run, int id, LogRecord started) {
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
}
