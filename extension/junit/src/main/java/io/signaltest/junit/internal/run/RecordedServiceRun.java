package io.signaltest.junit.internal.run;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.Signal;
import io.signaltest.junit.internal.files.RequestFact;
import io.signaltest.junit.internal.files.ServiceFacts;
import io.signaltest.junit.internal.process.CapturedOutput;
import io.signaltest.junit.internal.process.CapturedRun;
import io.signaltest.junit.service.Exchange;
import io.signaltest.junit.service.ServiceRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@link ServiceRun} the extension hands to a test: the run of the process ({@link RecordedRun}) and what the
 * harness saw of the service, with its times counted from the process's start.
 *
 * @param startNanos when the process started, on the monotonic clock of {@code facts}
 * @param signalNanos when the first signal left, or -1
 */
public record RecordedServiceRun(
        RecordedRun process, ServiceFacts facts, ServiceRun.Policy policy, long startNanos, long signalNanos)
        implements ServiceRun, CapturedRun {

    @Override
    public int port() {
        return facts.port();
    }

    @Override
    public List<Exchange> exchanges() {
        return facts.requests().stream().map(this::exchange).toList();
    }

    @Override
    public Duration startToReady() {
        return since(facts.readyNanos()).orElse(Duration.ZERO);
    }

    @Override
    public Duration startToSignal() {
        return since(signalNanos).orElse(Duration.ZERO);
    }

    @Override
    public Optional<Duration> turnedNotReady() {
        return since(facts.notReadyNanos());
    }

    @Override
    public Optional<Duration> stillReadyWhileDraining() {
        return since(facts.readyLateNanos());
    }

    @Override
    public int readinessProbesAfterSignal() {
        return facts.probesAfterSignal();
    }

    @Override
    public boolean killedAfterGrace() {
        return facts.killedAfterGrace();
    }

    @Override
    public boolean portFreeAfterExit() {
        return facts.portFree();
    }

    private Exchange exchange(RequestFact f) {
        return new Exchange(
                f.id(),
                f.role(),
                f.method(),
                f.path(),
                f.connection(),
                since(f.sentNanos()).orElse(Duration.ZERO),
                since(f.enteredNanos()),
                since(f.answeredNanos()),
                since(f.endedNanos()).orElse(Duration.ZERO),
                f.outcome(),
                f.status(),
                f.bytes(),
                f.expectedBytes(),
                f.detail());
    }

    private Optional<Duration> since(long nanos) {
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, nanos - startNanos)));
    }

    // ---------------------------------------------------------------- the process, as RecordedRun has it

    @Override
    public List<String> command() {
        return process.command();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public int exitCode() {
        return process.exitCode();
    }

    @Override
    public Signal signal() {
        return process.signal();
    }

    @Override
    public int signalsSent() {
        return process.signalsSent();
    }

    @Override
    public String moment() {
        return process.moment();
    }

    @Override
    public CleanupLog log() {
        return process.log();
    }

    @Override
    public Optional<LogRecord> momentRecord() {
        return process.momentRecord();
    }

    @Override
    public String stdout() {
        return process.stdout();
    }

    @Override
    public String stderr() {
        return process.stderr();
    }

    @Override
    public Stream<String> stdoutLines() {
        return process.stdoutLines();
    }

    @Override
    public Stream<String> stderrLines() {
        return process.stderrLines();
    }

    @Override
    public Duration startToMoment() {
        return process.startToMoment();
    }

    @Override
    public Optional<Duration> signalToReceipt() {
        return process.signalToReceipt();
    }

    @Override
    public Duration signalToExit() {
        return process.signalToExit();
    }

    @Override
    public Path directory() {
        return process.directory();
    }

    @Override
    public List<String> processesLeftBehind() {
        return process.processesLeftBehind();
    }

    @Override
    public List<String> outputAfterTheSignal() {
        return process.outputAfterTheSignal();
    }

    @Override
    public List<String> warnings() {
        return process.warnings();
    }

    @Override
    public CapturedOutput capturedStdout() {
        return process.capturedStdout();
    }

    @Override
    public CapturedOutput capturedStderr() {
        return process.capturedStderr();
    }

    @Override
    public String toString() {
        return "ServiceRun[pid=" + pid() + ", port=" + port() + ", exitCode=" + exitCode() + ", signal="
                + signal().displayName() + ", moment=" + moment() + ", requests="
                + facts.requests().size() + "]";
    }
}
