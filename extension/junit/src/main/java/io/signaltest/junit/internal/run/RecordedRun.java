package io.signaltest.junit.internal.run;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@link SignalRun} the extension hands to a test: plain values, captured once the child has exited. */
public record RecordedRun(List<String> command, long pid, int exitCode, Signal signal, int signalsSent, String moment,
                          CleanupLog log, String stdout, String stderr, Duration startToMoment,
                          Optional<Duration> signalToReceipt, Duration signalToExit, Path directory,
                          int stdoutLinesBeforeSignal, int stderrLinesBeforeSignal, List<String> warnings)
        implements SignalRun {

    /** A run without output marks or warnings: every output line counts as after the signal. */
    public RecordedRun(List<String> command, long pid, int exitCode, Signal signal, int signalsSent, String moment,
                       CleanupLog log, String stdout, String stderr, Duration startToMoment,
                       Optional<Duration> signalToReceipt, Duration signalToExit, Path directory) {
        this(command, pid, exitCode, signal, signalsSent, moment, log, stdout, stderr, startToMoment, signalToReceipt,
                signalToExit, directory, 0, 0, List.of());
    }

    public RecordedRun {
        command = List.copyOf(command);
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(signalToReceipt, "signalToReceipt");
        warnings = List.copyOf(warnings);
    }

    @Override
    public List<String> outputAfterTheSignal() {
        List<String> after = new java.util.ArrayList<>();
        List<String> out = stdout.lines().toList();
        List<String> err = stderr.lines().toList();
        after.addAll(out.subList(Math.min(stdoutLinesBeforeSignal, out.size()), out.size()));
        after.addAll(err.subList(Math.min(stderrLinesBeforeSignal, err.size()), err.size()));
        return after;
    }

    @Override
    public Optional<LogRecord> momentRecord() {
        return log.records("moment").stream()
                .filter(r -> r.text("moment").map(moment::equals).orElse(false))
                .findFirst();
    }

    @Override
    public String toString() {
        return "SignalRun[pid=" + pid + ", exitCode=" + exitCode + ", signal=" + signal.displayName()
                + ", moment=" + moment + ", records=" + log.records().size() + "]";
    }
}
