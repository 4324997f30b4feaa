package io.signaltest.runtime;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The result of {@link TaskRunner#run}: each task's outcome, what ended the run, and the exit code the process should
 * use.
 *
 * <pre>{@code
 * RunResult result = runner.run(tasks);
 * System.out.println(result.count(TaskState.CANCELLED_BEFORE_START) + " tasks never started");
 * result.exit(); // logs the exit, then System.exit(130) after SIGINT, 1 after failures, else 0
 * }</pre>
 *
 * @since 0.1
 */
public final class RunResult {

    /** Exit code when the harness that launched this process went away (see docs/log-format.md). */
    public static final int HARNESS_GONE_EXIT_CODE =
            io.signaltest.runtime.protocol.HarnessEnvironment.HARNESS_GONE_EXIT_CODE;

    private final Supplier<List<TaskOutcome>> outcomeSource;
    private volatile List<TaskOutcome> outcomes;
    private final String cause;
    private final String signal;
    private final int signalNumber;
    private final int signalCount;
    private final RunLog log;
    private final long[] counts;
    private final List<TaskOutcome> failures;
    private final List<TaskOutcome> abandoned;
    private final Throwable sourceFailure;

    /**
     * The outcomes of a large run are built only when asked for: the time from a signal to the exit must not pay for
     * 100,000 objects nobody reads.
     */
    RunResult(
            Supplier<List<TaskOutcome>> outcomes,
            long[] counts,
            List<TaskOutcome> failures,
            List<TaskOutcome> abandoned,
            Throwable sourceFailure,
            String cause,
            String signal,
            int signalNumber,
            int signalCount,
            RunLog log) {
        this.sourceFailure = sourceFailure;
        this.outcomeSource = outcomes;
        this.counts = counts.clone();
        this.failures = List.copyOf(failures);
        this.abandoned = List.copyOf(abandoned);
        this.cause = cause;
        this.signal = signal;
        this.signalNumber = signalNumber;
        this.signalCount = signalCount;
        this.log = log;
    }

    /**
     * One outcome per task, in the order the tasks were given. For a lazy source
     * ({@link TaskRunner#run(java.util.Iterator)}), which keeps nothing of a task that completed, only the tasks that
     * did not simply complete: failed, cancelled, cancelled before start, or whose cleanup failed or overran.
     * {@link #count} counts every task either way.
     */
    public List<TaskOutcome> outcomes() {
        List<TaskOutcome> built = outcomes;
        if (built == null) {
            built = List.copyOf(outcomeSource.get());
            outcomes = built;
        }
        return built;
    }

    public long count(TaskState state) {
        return counts[state.ordinal()];
    }

    /** Tasks that failed, or whose cleanup failed. Cancellation is not a failure. */
    public List<TaskOutcome> failures() {
        return failures;
    }

    /**
     * What a lazy task source threw, after which no further task was taken; empty for a list, and for a source that
     * ended normally or was cancelled.
     */
    public Optional<Throwable> sourceFailure() {
        return Optional.ofNullable(sourceFailure);
    }

    /** Tasks whose cleanup an escalating {@link RepeatPolicy} gave up on. */
    public List<TaskOutcome> abandoned() {
        return abandoned;
    }

    public boolean cancelled() {
        return cause != null;
    }

    /**
     * What cancelled the run: {@code "signal"}, {@code "fail-fast"} or {@code "harness-gone"}; empty when it ran to the
     * end.
     */
    public Optional<String> cancelCause() {
        return Optional.ofNullable(cause);
    }

    /** The signal that cancelled the run, as its name without "SIG" ({@code "INT"}). */
    public Optional<String> signal() {
        return Optional.ofNullable(signal);
    }

    /** How many signals arrived during the run, the first one included. */
    public int signalCount() {
        return signalCount;
    }

    /**
     * The exit code this run calls for: 128 + the signal's number after a signal (130 for SIGINT, 143 for SIGTERM, 129
     * for SIGHUP), {@value #HARNESS_GONE_EXIT_CODE} when the harness went away, 1 when a task, a cleanup or the task
     * source failed, else 0.
     */
    public int exitCode() {
        if (signal != null) {
            return 128 + signalNumber;
        }
        if (Cancellation.HARNESS_GONE.equals(cause)) {
            return HARNESS_GONE_EXIT_CODE;
        }
        return failures().isEmpty() && sourceFailure == null ? 0 : 1;
    }

    /** Logs the exit and ends the process with {@link #exitCode()}. */
    public void exit() {
        exitWith(exitCode(), "runtime");
    }

    /** Logs the exit as the application's choice and ends the process with {@code code}. */
    public void exit(int code) {
        exitWith(code, "application");
    }

    private void exitWith(int code, String chosenBy) {
        log.exit(code, chosenBy, this);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    @Override
    public String toString() {
        long tasks = 0;
        for (long n : counts) {
            tasks += n;
        }
        return "RunResult[tasks=" + tasks
                + ", completed=" + count(TaskState.COMPLETED)
                + ", failed=" + count(TaskState.FAILED)
                + ", cancelled=" + count(TaskState.CANCELLED)
                + ", cancelledBeforeStart=" + count(TaskState.CANCELLED_BEFORE_START)
                + (cause == null ? "" : ", cause=" + cause)
                + (signal == null ? "" : ", signal=SIG" + signal)
                + ", exitCode=" + exitCode() + "]";
    }
}
