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
                          List<String> processesLeftBehind)
        implements SignalRun {

    public RecordedRun {
        command = List.copyOf(command);
        processesLeftBehind = List.copyOf(processesLeftBehind);
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(signalToReceipt, "signalToReceipt");
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
