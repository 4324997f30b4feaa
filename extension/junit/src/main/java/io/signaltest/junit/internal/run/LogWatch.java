package io.signaltest.junit.internal.run;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The child's cleanup log as the harness reads it while the child runs: each look hands the records written since the
 * last one to {@link #observe}, which keeps only what the run's steps ask about (the run's start, the signals received,
 * the holds, the tasks seen, a missed moment, the agent's signs of requests in a service's handlers) and notes the
 * record a wait is looking for. A record that makes the run impossible (the scenario's signal inherited as ignored, a
 * moment the child does not know, a line that is no record) fails the run at once.
 */
final class LogWatch {

    private final LiveRun run;
    private final CleanupLog.Tail tail;

    private LogRecord runStarted;
    private boolean runFinished;
    private LogRecord missedMoment;
    private int receipts;
    /** The {@code moment} records of DURING_CLEANUP logged so far. */
    private int cleanupHolds;

    /** The {@code moment} records (each a hold) and {@code hold_released} records logged so far. */
    private int holdsReached;

    private int holdsReleased;
    /** The {@code hold_released} records whose reason is the harness's {@code release}. */
    private int harnessReleases;

    private LogRecord lastHarnessRelease;

    private int agentExecutors;
    /** The executors the agent saw used and cannot follow, with why: "class (detail)". */
    private final List<String> unsupportedExecutors = new ArrayList<>();
    /** Records of tasks (queued or started) seen so far. */
    private int tasksSeen;

    /** What the current wait looks for in the log, whether it came, and the record that was it. */
    private Predicate<LogRecord> awaited;

    private boolean awaitedFound;
    private LogRecord momentRecord;

    LogWatch(LiveRun run) {
        this.run = run;
        this.tail = CleanupLog.follow(run.files.file(RunDirectory.LOG));
    }

    /** Reads what the child logged since the last look; fails the run on a line that is not a record. */
    void poll() {
        tail.poll(this::observe);
        tail.firstError().ifPresent(error -> {
            throw tail.unreadableVersion().isPresent()
                    ? RunFailures.unreadableVersion(error)
                    : RunFailures.invalidLine(error);
        });
    }

    /** Starts a wait for the first record from here on that {@code matches}; it becomes the moment record. */
    BooleanSupplier recordMatching(Predicate<LogRecord> matches) {
        awaited = matches;
        awaitedFound = false;
        return () -> awaitedFound;
    }

    /** Notes what the harness needs from one record; false once the current wait's record has come. */
    private boolean observe(LogRecord record) {
        if (record.is(LogEvents.TASK_QUEUED) || record.is(LogEvents.TASK_STARTED)) {
            tasksSeen++;
        }
        if (record.is(LogEvents.MOMENT)) {
            holdsReached++;
        } else if (record.is(LogEvents.HOLD_RELEASED)) {
            holdsReleased++;
            if (record.text("reason").filter("harness"::equals).isPresent()) {
                harnessReleases++;
                lastHarnessRelease = record;
            }
        }
        if (record.is(LogEvents.SIGNAL_RECEIVED)) {
            receipts++;
        } else if (record.is(LogEvents.MOMENT)
                && record.text("moment").filter("DURING_CLEANUP"::equals).isPresent()) {
            cleanupHolds++;
        } else if (record.is(LogEvents.EXECUTOR_SEEN)) {
            agentExecutors++;
        } else if (record.is(LogEvents.EXECUTOR_UNSUPPORTED)) {
            unsupportedExecutors.add(record.text("class").orElse("?")
                    + record.text("detail").map(d -> " (" + d + ")").orElse(""));
        } else if (record.is(LogEvents.RUN_STARTED) && runStarted == null) {
            runStarted = record;
            Object signals = record.fields().get("signals");
            String signal = run.invocation.signal().name();
            if (signals instanceof Map<?, ?> dispositions && "inherited-ignored".equals(dispositions.get(signal))) {
                throw RunFailures.ignored(
                        run, "its cleanup log says so: run_started has signals." + signal + " = inherited-ignored");
            }
        } else if (record.is(LogEvents.RUN_FINISHED)) {
            runFinished = true;
        } else if (record.is(LogEvents.MOMENT_MISSED) && missedMoment == null) {
            // Decided once the records read with it are in: run_finished right after it means the run is over.
            missedMoment = record;
        } else if (record.is(LogEvents.HOLD_UNKNOWN)) {
            throw RunFailures.holdUnknown(record);
        } else if (record.is(LogEvents.REQUEST_ENTERED) && run.service != null) {
            enteredHandler(record);
        }
        if (awaited != null && !awaitedFound && awaited.test(record)) {
            awaitedFound = true;
            momentRecord = record;
            run.momentNanos = System.nanoTime();
            return false; // the records after it belong to the next wait
        }
        return true;
    }

    /**
     * The agent saw a request enter a handler of the service: a sign for the request it names. One without a name is
     * none of the harness's requests (the harness names every request it sends, readiness probes aside).
     */
    private void enteredHandler(LogRecord record) {
        Optional<String> id = record.text("request_id");
        if (id.isEmpty()) {
            return;
        }
        long nanos = nanosOf(record).orElseGet(System::nanoTime);
        run.service.evidence().entered(id.get(), nanos);
    }

    /** The child's {@code run_started}, once logged. */
    Optional<LogRecord> runStarted() {
        return Optional.ofNullable(runStarted);
    }

    /** Whether the agent, not the program, writes this log. */
    boolean writtenByAgent() {
        return runStarted != null
                && runStarted.text("writer").map("agent"::equals).orElse(false);
    }

    /** The moments the child's run holds at, as its {@code run_started} lists them. */
    List<?> holds() {
        Object holds = runStarted == null ? null : runStarted.fields().get("holds");
        return holds instanceof List<?> list ? list : List.of();
    }

    /** The {@code clock_origin_ns} of the child's log: its {@code t_ns} on this machine's monotonic clock. */
    Optional<Long> clockOrigin() {
        Object origin = runStarted == null ? null : runStarted.fields().get("clock_origin_ns");
        return origin instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    /** When the child logged {@code record}, on this machine's monotonic clock; empty when the log has no origin. */
    Optional<Long> nanosOf(LogRecord record) {
        return clockOrigin().map(origin -> origin + record.tNanos());
    }

    boolean runFinished() {
        return runFinished;
    }

    Optional<LogRecord> missedMoment() {
        return Optional.ofNullable(missedMoment);
    }

    /** Forgets the missed moment, which the run's exit says better. */
    void forgetMissedMoment() {
        missedMoment = null;
    }

    int receipts() {
        return receipts;
    }

    int cleanupHolds() {
        return cleanupHolds;
    }

    /** Whether the child holds its state at a moment now, as far as its log has been read. */
    boolean holding() {
        return holdsReached > holdsReleased;
    }

    /** How many holds the child ended because the harness told it to. */
    int harnessReleases() {
        return harnessReleases;
    }

    /**
     * When the child logged the end of its last hold on the harness's {@code release}, on this machine's monotonic
     * clock ({@code System.nanoTime()}); empty when it did not, or its log has no clock origin.
     */
    Optional<Long> lastHarnessReleaseNanos() {
        return lastHarnessRelease == null ? Optional.empty() : nanosOf(lastHarnessRelease);
    }

    int agentExecutors() {
        return agentExecutors;
    }

    /** The executors the agent saw used and cannot follow, each as "class (detail)". */
    List<String> unsupportedExecutors() {
        return List.copyOf(unsupportedExecutors);
    }

    int tasksSeen() {
        return tasksSeen;
    }

    /** How many records the log has had so far. */
    long recordCount() {
        return tail.recordCount();
    }

    Optional<LogRecord> momentRecord() {
        return Optional.ofNullable(momentRecord);
    }

    /**
     * The whole log, read to its end once the child is gone (and its last records observed): what the harness read
     * while it ran and the rest, without reading the file again.
     */
    CleanupLog complete() {
        return tail.log();
    }

    void close() {
        tail.close();
    }
}
