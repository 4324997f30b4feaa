package io.signaltest.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a {@link SignalTest} observed: the child process, the signal and the moment it hit, the cleanup log, the output
 * and the timings. A test method receives it as a parameter.
 *
 * <pre>{@code
 * @SignalTest(main = BatchApp.class, args = {"--tasks", "6", "--max-concurrent", "2"}, at = Moment.QUEUE_WAITING)
 * void queuedTasksNeverStart(SignalRun run) {
 *     assertThat(run).exitedWithSignalCode()
 *                    .cleanedUpEveryStartedTaskOnce()
 *                    .startedNoTaskAfterTheSignal();
 * }
 * }</pre>
 *
 * @since 0.1
 */
public interface SignalRun {

    /**
     * The name of the child's own temporary directory inside {@link #directory()}: signaltest starts a JVM child with
     * {@code -Djava.io.tmpdir} set to it, and every child with {@code TMPDIR} set to it (unless the test sets
     * {@code TMPDIR} itself).
     */
    String TEMPORARY_DIRECTORY = "tmp";

    /** The command the child was started with, one element per argument. */
    List<String> command();

    long pid();

    /** The child's exit code. */
    int exitCode();

    /** The signal the test delivered. */
    Signal signal();

    /** How many signals of that kind the test delivered at the moment (the {@code repeat} attribute). */
    int signalsSent();

    /** A readable name of the moment the signal was aimed at, such as {@code QUEUE_WAITING}. */
    String moment();

    /** The child's cleanup log (empty for a program that does not write one). */
    CleanupLog log();

    /** The {@code moment} record the runtime logged when it reached the moment, if it logs one. */
    Optional<LogRecord> momentRecord();

    /**
     * The child's standard output, each line ending with a newline.
     *
     * @throws IllegalStateException when the output is larger than signaltest returns as one string (16 MiB): read it
     *     with {@link #stdoutLines()} then
     */
    String stdout();

    /**
     * The child's standard error, each line ending with a newline.
     *
     * @throws IllegalStateException when the output is larger than signaltest returns as one string (16 MiB): read it
     *     with {@link #stderrLines()} then
     */
    String stderr();

    /**
     * The lines of the child's standard output, read from its file as the stream is walked, so that output of any size
     * can be checked; close the stream after use.
     *
     * <pre>{@code
     * try (Stream<String> lines = run.stdoutLines()) {
     *     assertThat(lines.filter(line -> line.startsWith("processed")).count()).isEqualTo(1_000_000);
     * }
     * }</pre>
     *
     * @since 0.1
     */
    default Stream<String> stdoutLines() {
        return stdout().lines();
    }

    /**
     * The lines of the child's standard error, read from its file as the stream is walked; close the stream after use.
     * See {@link #stdoutLines()}.
     *
     * @since 0.1
     */
    default Stream<String> stderrLines() {
        return stderr().lines();
    }

    /** From the child's start to the moment being reached. */
    Duration startToMoment();

    /** From sending the signal to the child logging its receipt; empty when the child logs no receipt. */
    Optional<Duration> signalToReceipt();

    /** From sending the (first) signal to the child's exit. */
    Duration signalToExit();

    /** The directory holding this run's files: the log, stdout, stderr and a readable timeline. */
    Path directory();

    /**
     * The processes the child left running when it exited (a grandchild, a daemon it spawned), each as {@code "pid N:
     * command"}; signaltest killed them. Empty when it left none.
     *
     * @since 0.2
     */
    default List<String> processesLeftBehind() {
        return List.of();
    }

    /**
     * Which run of a repeated scenario this was ({@link SignalTest#runs()}, {@link SignalTest#jitterMillis()}), with
     * its seed; empty for a scenario that runs once, at its moment.
     *
     * @since 0.2
     */
    default Optional<Repetition> repetition() {
        return Optional.empty();
    }

    /**
     * How long after its moment each tested signal went out, in the order sent: the delays drawn from the run's seed
     * within its jitter window ({@link SignalTest#jitterMillis()}). Empty when the signals went out at their moments.
     *
     * @since 0.2
     */
    default List<Duration> signalDelays() {
        return List.of();
    }

    /**
     * The child's own temporary directory ({@code java.io.tmpdir}, {@code TMPDIR}), inside {@link #directory()}; a
     * program that leaves a file there leaked it.
     */
    default Path temporaryDirectory() {
        return directory().resolve(TEMPORARY_DIRECTORY);
    }

    /**
     * The lines of stdout, then of stderr, that reached the harness after it sent the (first) signal. A program that is
     * not held at its moment (an output moment) may print a line before the signal arrives that still reaches the
     * harness after it was sent: count such lines as after the signal. Without output marks (a hand-made run), every
     * line.
     */
    default List<String> outputAfterTheSignal() {
        List<String> all = new java.util.ArrayList<>(stdout().lines().toList());
        all.addAll(stderr().lines().toList());
        return all;
    }

    /**
     * What signaltest noticed in this run that does not fail it by itself: a stack trace on stderr, or an output moment
     * whose line arrived only as the child exited (buffered output, so the signal may have landed after the work was
     * done). Empty when there is nothing to say.
     */
    default List<String> warnings() {
        return List.of();
    }
}
