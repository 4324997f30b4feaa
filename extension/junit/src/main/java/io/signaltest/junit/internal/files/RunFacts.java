package io.signaltest.junit.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the harness itself saw of one run, kept beside its log as {@value #FILE}: when the child started, when the
 * moment came, when each signal left and when the process exited, all on the machine's monotonic clock (the one the
 * cleanup log's {@code clock_origin_ns} is on), and how the run ended. The report draws the picture from these and the
 * log, so that its figures are the harness's own: the signal-to-exit time in the table and in the picture is one
 * measurement.
 *
 * @param pid the child's pid, or 0 when it was never started
 * @param exitCode its exit code, or -1 when it did not exit on its own
 * @param signal the tested signal, such as {@code SIGINT}
 * @param moment the moment's display name
 * @param startNanos when the child was started
 * @param momentNanos when the harness saw the moment, or -1
 * @param signalNanos when each signal was sent, tested and first ones alike, in order
 * @param exitNanos when the harness saw the child exit, or -1
 * @param logOriginNanos the log's {@code clock_origin_ns}, or -1 when the log gave none
 * @param momentLine the output line that was the moment, or null
 * @param failure the harness's one-line account of a run that did not go as the scenario required, or null
 * @param service what the harness saw of a service's run (its requests), or null for another program
 */
public record RunFacts(
        long pid,
        int exitCode,
        String signal,
        String moment,
        long startNanos,
        long momentNanos,
        List<Long> signalNanos,
        long exitNanos,
        long logOriginNanos,
        String momentLine,
        String failure,
        long cleaned,
        long neverStarted,
        List<String> logRemarks,
        ServiceFacts service) {

    /** The file's name in the run directory. */
    public static final String FILE = "run.json";

    public RunFacts {
        signalNanos = List.copyOf(signalNanos);
        logRemarks = logRemarks == null ? List.of() : List.copyOf(logRemarks);
    }

    /** The facts of a run that is not a service's. */
    public RunFacts(
            long pid,
            int exitCode,
            String signal,
            String moment,
            long startNanos,
            long momentNanos,
            List<Long> signalNanos,
            long exitNanos,
            long logOriginNanos,
            String momentLine,
            String failure,
            long cleaned,
            long neverStarted,
            List<String> logRemarks) {
        this(
                pid,
                exitCode,
                signal,
                moment,
                startNanos,
                momentNanos,
                signalNanos,
                exitNanos,
                logOriginNanos,
                momentLine,
                failure,
                cleaned,
                neverStarted,
                logRemarks,
                null);
    }

    /** The facts of a run without a log to count: one that never started, or one drawn from its output alone. */
    public RunFacts(
            long pid,
            int exitCode,
            String signal,
            String moment,
            long startNanos,
            long momentNanos,
            List<Long> signalNanos,
            long exitNanos,
            long logOriginNanos,
            String momentLine,
            String failure) {
        this(
                pid,
                exitCode,
                signal,
                moment,
                startNanos,
                momentNanos,
                signalNanos,
                exitNanos,
                logOriginNanos,
                momentLine,
                failure,
                -1,
                -1,
                List.of());
    }

    /** Whether the child ran at all. */
    public boolean started() {
        return pid > 0;
    }

    /** Milliseconds from the first signal to the exit, or -1 when either is unknown. */
    public double signalToExitMillis() {
        return signalNanos.isEmpty() || exitNanos < 0 ? -1 : (exitNanos - signalNanos.get(0)) / 1e6;
    }

    public void write(RunDirectory files) {
        files.write(FILE, RecordJson.write(this) + System.lineSeparator());
    }

    /** The facts kept in {@code runDirectory}, if the harness wrote them and they can be read. */
    public static Optional<RunFacts> read(Path runDirectory) {
        Path file = runDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordJson.read(Files.readString(file), RunFacts.class));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty(); // a report of the run without them, rather than none
        }
    }
}
