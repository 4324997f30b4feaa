package io.signaltest.runtime;

import io.signaltest.runtime.internal.HarnessLink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs tasks with at most {@code maxConcurrent} at once and shuts down correctly on SIGINT, SIGTERM and SIGHUP: the
 * Java counterpart of asyncio's {@code run_tasks(tasks, max_concurrent)}.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Tasks start in list order; the rest wait in a queue (plain objects, not threads). Tasks can also come from a
 *       lazy source ({@link #run(Iterator)}, {@link #run(Stream)}), read only as slots free up, so that a million tasks
 *       cost no more memory than ten.
 *   <li>While {@link #run} runs, it handles the configured signals itself and puts the previous handlers back when it
 *       returns. The first run in a JVM also raises one {@code SIGWINCH} to itself (a signal whose default action is to
 *       do nothing), unless the program handles or ignores that signal, so that the JVM's signal dispatch has run once
 *       before the first real signal comes: that one is then handled 0.6 to 0.8 ms sooner.
 *   <li>The first signal cancels the run: running tasks are interrupted and their cleanup runs; queued tasks never
 *       start and are reported as cancelled before start; no task starts after the signal.
 *   <li>Cleanup is shielded: never interrupted, not cut short by repeated signals, watched by the cleanup deadline.
 *       {@link #run} returns after every cleanup has finished (unless an escalating {@link RepeatPolicy} gives up on
 *       them, which is logged).
 *   <li>Every task ends in exactly one {@link TaskState}; task failures are collected, not thrown; cancellation is not
 *       a failure.
 *   <li>A signal whose disposition the process inherited as ignored is logged at start; SIGINT or SIGTERM ignored is
 *       also reported on standard error (SIGHUP ignored is what {@code nohup} is for, and goes without a warning).
 * </ul>
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * TaskRunner runner = TaskRunner.builder()
 *         .maxConcurrent(4)
 *         .cleanupDeadline(Duration.ofSeconds(10))
 *         .log(Path.of("cleanup.jsonl"))
 *         .build();
 * runner.run(tasks).exit(); // 130 after Ctrl+C
 *
 * // or, for a large input read as the work goes:
 * try (Stream<String> lines = Files.lines(input)) {
 *     runner.run(lines.map(line -> Task.of(line, context -> importRecord(line)))).exit();
 * }
 * }</pre>
 *
 * <p>A {@code TaskRunner} is immutable and may run several lists, one after the other or at once.
 *
 * @since 0.1
 */
public final class TaskRunner {

    /** The signals handled by default, by name without "SIG". */
    public static final List<String> DEFAULT_SIGNALS = List.of("INT", "TERM", "HUP");
    /** The default {@link Builder#cleanupDeadline cleanup deadline}. */
    public static final Duration DEFAULT_CLEANUP_DEADLINE = Duration.ofSeconds(30);

    private final int maxConcurrent;
    private final Duration cleanupDeadline;
    private final RepeatPolicy repeatPolicy;
    private final boolean failFast;
    private final Path log;
    private final List<String> signals;
    private final IgnoredSignalListener ignoredSignalListener;

    private TaskRunner(Builder builder) {
        this.maxConcurrent = builder.maxConcurrent;
        this.cleanupDeadline = builder.cleanupDeadline;
        this.repeatPolicy = builder.repeatPolicy;
        this.failFast = builder.failFast;
        this.log = builder.log;
        this.signals = builder.signals;
        this.ignoredSignalListener = builder.ignoredSignalListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code tasks} to the end or until cancelled, and returns when every started task's cleanup has finished. An
     * empty list returns at once.
     *
     * @throws NullPointerException naming the argument when {@code tasks} or one of its elements is null
     */
    public RunResult run(List<Task> tasks) {
        return run(tasks, HarnessLink.get());
    }

    /**
     * Runs the tasks of a lazy source, taking each one only when a slot is about to be free (one task ahead of the
     * slots), and returns when every started task's cleanup has finished. The source is never read after the run is
     * cancelled; a call to it that is under way then is interrupted, as a running task is. Tasks get their ids in the
     * order they are taken.
     *
     * <p>Memory does not grow with the number of tasks: a task that completed leaves nothing behind, so
     * {@link RunResult#outcomes()} lists only the tasks that did not simply complete (the counts cover them all). The
     * cleanup log names only the tasks taken from the source: after a cancellation, those never taken are not in it
     * (see docs/log-format.md). When the source throws, no further task is taken, the running ones finish, and
     * {@link RunResult#sourceFailure()} holds what it threw.
     *
     * <pre>{@code
     * Iterator<Task> tasks = new BatchReader(input).tasks(); // reads as it goes
     * RunResult result = runner.run(tasks);
     * }</pre>
     *
     * @throws NullPointerException when {@code tasks} is null; a null task from the source is a source failure
     */
    public RunResult run(Iterator<? extends Task> tasks) {
        Objects.requireNonNull(tasks, "tasks must not be null");
        return execute(TaskQueue.lazy(tasks), HarnessLink.get());
    }

    /**
     * {@link #run(Iterator)} over a stream's iterator: the stream is consumed lazily, as slots free up. The caller
     * still owns the stream and closes it (try-with-resources for a file's lines).
     */
    public RunResult run(Stream<? extends Task> tasks) {
        Objects.requireNonNull(tasks, "tasks must not be null");
        return run(tasks.iterator());
    }

    /** {@link #run(List)} with an explicit harness link: the seam for in-process tests. */
    RunResult run(List<Task> tasks, HarnessLink harness) {
        return execute(queueOf(tasks), harness);
    }

    private RunResult execute(TaskQueue queue, HarnessLink harness) {
        return new Run(this, queue, RunLog.writerFor(harness, log), harness).execute();
    }

    /**
     * A list's queue, checked for null tasks up front, and copied so that later changes to the list do not reach the
     * run.
     */
    static TaskQueue queueOf(List<Task> tasks) {
        Objects.requireNonNull(tasks, "tasks must not be null");
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i) == null) {
                throw new NullPointerException("tasks[" + i + "] must not be null");
            }
        }
        return TaskQueue.of(List.copyOf(tasks));
    }

    /** {@link #run} then {@link RunResult#exit()}: never returns. */
    public void runAndExit(List<Task> tasks) {
        run(tasks).exit();
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    Duration cleanupDeadline() {
        return cleanupDeadline;
    }

    RepeatPolicy repeatPolicy() {
        return repeatPolicy;
    }

    boolean failFast() {
        return failFast;
    }

    List<String> signals() {
        return signals;
    }

    IgnoredSignalListener ignoredSignalListener() {
        return ignoredSignalListener;
    }

    /** Builds a {@link TaskRunner}; only {@link #maxConcurrent} is required. */
    public static final class Builder {
        private int maxConcurrent;
        private Duration cleanupDeadline = DEFAULT_CLEANUP_DEADLINE;
        private RepeatPolicy repeatPolicy = RepeatPolicy.ignoreDuringCleanup();
        private boolean failFast;
        private Path log;
        private List<String> signals = DEFAULT_SIGNALS;
        private IgnoredSignalListener ignoredSignalListener;

        private Builder() {}

        /**
         * The most tasks running at once.
         *
         * @throws IllegalArgumentException when {@code maxConcurrent < 1}
         */
        public Builder maxConcurrent(int maxConcurrent) {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
            }
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        /** How long one cleanup may take before it is logged as an overrun (default 30 s). */
        public Builder cleanupDeadline(Duration cleanupDeadline) {
            Objects.requireNonNull(cleanupDeadline, "cleanupDeadline must not be null");
            if (cleanupDeadline.isNegative() || cleanupDeadline.isZero()) {
                throw new IllegalArgumentException("cleanupDeadline must be positive, got " + cleanupDeadline);
            }
            this.cleanupDeadline = cleanupDeadline;
            return this;
        }

        public Builder repeatPolicy(RepeatPolicy repeatPolicy) {
            this.repeatPolicy = Objects.requireNonNull(repeatPolicy, "repeatPolicy must not be null");
            return this;
        }

        /** When true, the first failing task cancels the run (cause {@code fail-fast}). Default false. */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /**
         * Where to write the cleanup log. A harness's {@code SIGNALTEST_LOG} variable takes precedence, so a test
         * always finds the log. Without either, nothing is written.
         */
        public Builder log(Path log) {
            this.log = Objects.requireNonNull(log, "log must not be null");
            return this;
        }

        /** The signals to handle, by name without "SIG" (default INT, TERM, HUP). */
        public Builder signals(String... names) {
            Objects.requireNonNull(names, "names must not be null");
            if (names.length == 0) {
                throw new IllegalArgumentException("signals needs at least one signal name, such as \"INT\"");
            }
            for (String name : names) {
                Objects.requireNonNull(name, "signal names must not be null");
            }
            this.signals = List.of(names);
            return this;
        }

        /** Told of each repeated signal the run ignores while tasks clean up (none by default). */
        public Builder onIgnoredSignal(IgnoredSignalListener listener) {
            this.ignoredSignalListener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /** @throws IllegalStateException when {@link #maxConcurrent} was not set */
        public TaskRunner build() {
            if (maxConcurrent == 0) {
                throw new IllegalStateException(
                        "maxConcurrent was not set; call maxConcurrent(n) with n >= 1 before build()");
            }
            return new TaskRunner(this);
        }
    }
}
