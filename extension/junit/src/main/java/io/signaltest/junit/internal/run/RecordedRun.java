package io.signaltest.junit.internal.run;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.Repetition;
import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.process.CapturedOutput;
import io.signaltest.junit.internal.process.CapturedRun;
import io.signaltest.runtime.protocol.LogEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@link SignalRun} the extension hands to a test: plain values, captured once the child has exited. The output
 * stays in its files when it is large (see {@link CapturedOutput}).
 *
 * @param stdoutLinesBeforeSignal how many stdout lines had reached the harness when it sent the (first) signal
 * @param stderrLinesBeforeSignal likewise for stderr
 */
public record RecordedRun(
        List<String> command,
        long pid,
        int exitCode,
        Signal signal,
        int signalsSent,
        String moment,
        CleanupLog log,
        CapturedOutput capturedStdout,
        CapturedOutput capturedStderr,
        Duration startToMoment,
        Optional<Duration> signalToReceipt,
        Duration signalToExit,
        Path directory,
        List<String> processesLeftBehind,
        long stdoutLinesBeforeSignal,
        long stderrLinesBeforeSignal,
        List<String> warnings,
        Optional<Repetition> repetition,
        List<Duration> signalDelays)
        implements SignalRun, CapturedRun {

    public RecordedRun {
        command = List.copyOf(command);
        processesLeftBehind = List.copyOf(processesLeftBehind);
        warnings = List.copyOf(warnings);
        signalDelays = List.copyOf(signalDelays);
        Objects.requireNonNull(repetition, "repetition");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(capturedStdout, "capturedStdout");
        Objects.requireNonNull(capturedStderr, "capturedStderr");
        Objects.requireNonNull(signalToReceipt, "signalToReceipt");
    }

    /** A run of a scenario that runs once, at its moment. */
    public RecordedRun(
            List<String> command,
            long pid,
            int exitCode,
            Signal signal,
            int signalsSent,
            String moment,
            CleanupLog log,
            CapturedOutput capturedStdout,
            CapturedOutput capturedStderr,
            Duration startToMoment,
            Optional<Duration> signalToReceipt,
            Duration signalToExit,
            Path directory,
            List<String> processesLeftBehind,
            long stdoutLinesBeforeSignal,
            long stderrLinesBeforeSignal,
            List<String> warnings) {
        this(
                command,
                pid,
                exitCode,
                signal,
                signalsSent,
                moment,
                log,
                capturedStdout,
                capturedStderr,
                startToMoment,
                signalToReceipt,
                signalToExit,
                directory,
                processesLeftBehind,
                stdoutLinesBeforeSignal,
                stderrLinesBeforeSignal,
                warnings,
                Optional.empty(),
                List.of());
    }

    /** A run with its output given as text, without output marks or warnings, as tests build one. */
    public RecordedRun(
            List<String> command,
            long pid,
            int exitCode,
            Signal signal,
            int signalsSent,
            String moment,
            CleanupLog log,
            String stdout,
            String stderr,
            Duration startToMoment,
            Optional<Duration> signalToReceipt,
            Duration signalToExit,
            Path directory) {
        this(
                command,
                pid,
                exitCode,
                signal,
                signalsSent,
                moment,
                log,
                CapturedOutput.of(stdout),
                CapturedOutput.of(stderr),
                startToMoment,
                signalToReceipt,
                signalToExit,
                directory,
                List.of(),
                0,
                0,
                List.of());
    }

    @Override
    public String stdout() {
        return capturedStdout.text("stdout");
    }

    @Override
    public String stderr() {
        return capturedStderr.text("stderr");
    }

    @Override
    public Stream<String> stdoutLines() {
        return capturedStdout.lines();
    }

    @Override
    public Stream<String> stderrLines() {
        return capturedStderr.lines();
    }

    @Override
    public List<String> outputAfterTheSignal() {
        try (Stream<String> out = stdoutLines();
                Stream<String> err = stderrLines()) {
            return Stream.concat(out.skip(stdoutLinesBeforeSignal), err.skip(stderrLinesBeforeSignal))
                    .collect(Collectors.toList());
        }
    }

    @Override
    public Optional<LogRecord> momentRecord() {
        return log.records(LogEvents.MOMENT).stream()
                .filter(r -> r.text("moment").map(moment::equals).orElse(false))
                .findFirst();
    }

    @Override
    public String toString() {
        return "SignalRun[pid=" + pid + ", exitCode=" + exitCode + ", signal=" + signal.displayName() + ", moment="
                + moment + ", records=" + log.records().size() + "]";
    }
}
