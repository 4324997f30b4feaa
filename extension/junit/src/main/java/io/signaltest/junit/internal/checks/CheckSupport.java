package io.signaltest.junit.internal.checks;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.findings.Finding;
import io.signaltest.runtime.protocol.LogEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the checks share: how they read the log (the records that need it, a task's records, the cancellation, the
 * signals) and how they word it (exit codes, durations, ordinals, a task's name).
 */
final class CheckSupport {

    private CheckSupport() {}

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

    static final String LOG_FORMAT_HINT = "a program that does not use the signaltest runtime can write the "
            + "records itself (see docs/log-format.md); exitedWith, exitedWithSignalCode, shutDownWithin and "
            + "hasNoUnexpectedStderr need no log";

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
    static boolean needsQueue(SignalRun run, CheckVerdict v) {
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
    static Optional<String> notTakenFromSource(CleanupLog log) {
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
    static Optional<Finding> announcedButNeverQueued(CleanupLog log, int[] queued) {
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
    static Optional<LogRecord> programsCancellation(CleanupLog log) {
        return writtenByAgent(log) ? log.first(LogEvents.RUN_CANCELLING) : Optional.empty();
    }

    /** Whether the signaltest agent, not the program, wrote this log (its run_started says writer agent). */
    static boolean writtenByAgent(CleanupLog log) {
        return log.first(LogEvents.RUN_STARTED)
                .flatMap(r -> r.text("writer"))
                .map("agent"::equals)
                .orElse(false);
    }

    /**
     * The record that marks the run's cancellation: its run_cancelling record, or else the first signal that cancelled.
     */
    static Optional<LogRecord> cancellation(CleanupLog log) {
        Optional<LogRecord> cancelling = log.first(LogEvents.RUN_CANCELLING);
        Optional<LogRecord> signal = log.records(LogEvents.SIGNAL_RECEIVED).stream()
                .filter(r -> r.text("action").map("cancel"::equals).orElse(true))
                .findFirst();
        if (cancelling.isPresent() && signal.isPresent()) {
            return Optional.of(signal.get().seq() < cancelling.get().seq() ? signal.get() : cancelling.get());
        }
        return cancelling.isPresent() ? cancelling : signal;
    }

    static Optional<LogRecord> lastBefore(CleanupLog log, String event, LogRecord limit) {
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
    static long signalOrdinal(LogRecord signal, List<LogRecord> signals) {
        OptionalLong count = signal.number("count");
        return count.isPresent() ? count.getAsLong() : signals.indexOf(signal) + 1L;
    }

    static String signalName(LogRecord signal, SignalRun run) {
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

    static String state(LogRecord moment) {
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

    static String owner(LogRecord r) {
        return r.task().isPresent() ? "task " + r.task().getAsInt() : "the program";
    }

    static String quoted(LogRecord r) {
        return "resource '" + r.text("resource").orElse("?") + "'";
    }

    static Optional<Long> boxed(OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    static Finding finding(String text, LogRecord... records) {
        List<LogRecord> present = new ArrayList<>();
        for (LogRecord r : records) {
            if (r != null) {
                present.add(r);
            }
        }
        return new Finding(text, present);
    }

    /**
     * The records of each task, in log order, read from the log as they are asked for: on a large log only the records
     * a check looks at are parsed, and none are kept.
     */
    static final class TaskRecords {
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
