package io.signaltest.junit.internal.run;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.checks.RunWarnings;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.files.RunFacts;
import io.signaltest.junit.internal.log.Timeline;
import io.signaltest.junit.internal.process.ThreadDump;
import io.signaltest.junit.internal.report.RunCounts;
import io.signaltest.junit.internal.report.RunPicture;
import io.signaltest.junit.internal.report.RunReport;
import io.signaltest.junit.internal.service.ServiceSpec;
import io.signaltest.junit.service.ServiceRun;
import io.signaltest.runtime.protocol.LogEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end of a run, however it went: the child stopped if it still runs (with a thread dump of a stuck JVM), the run's
 * files completed (the log read to its end, the timeline, the harness's facts, the report) and the {@link RecordedRun}
 * returned, or, for a run that did not go as the scenario requires, the {@link HarnessFailure} that says so.
 */
final class RunEnd {

    private final LiveRun run;
    private final Waits waits;
    private final MomentWait moment;

    RunEnd(LiveRun run, Waits waits, MomentWait moment) {
        this.run = run;
        this.waits = waits;
        this.moment = moment;
    }

    /**
     * Ends the run: returns what it was, or throws the failure.
     *
     * @param failure what made the run stop early, or null when it ran as the scenario requires
     * @throws HarnessFailure when the run did not go as the scenario requires
     */
    SignalRun finish(RunFailure failure) {
        if (failure != null && run.child.isAlive() && failure.end() == RunFailure.End.LET_EXIT) {
            waits.awaitExitQuietly();
        }
        String threadDump = null;
        String killed = "";
        if (failure != null && run.child.isAlive()) {
            long program = run.programPid();
            boolean jvm = ThreadDump.isJvm(program);
            boolean wanted = failure.end() == RunFailure.End.DUMP_AND_STOP;
            if (wanted && jvm) {
                threadDump = ThreadDump.take(program).orElse(null);
            }
            run.child.kill();
            killed = threadDump != null
                    ? " signaltest took a thread dump of it (below) and killed it."
                    : wanted && jvm
                            ? " signaltest killed it (jcmd could not take a thread dump of it)."
                            : " signaltest killed it.";
        }
        if (!run.child.isAlive()) {
            try {
                waits.exited();
            } catch (RunFailure late) {
                failure = failure == null ? late : failure;
            }
        }
        RunDirectory files = run.files;
        // Created with the child's umask (the log) or before the files were complete, inside a private directory.
        for (String name : List.of(RunDirectory.LOG, RunDirectory.STDOUT, RunDirectory.STDERR)) {
            files.restrict(name);
        }
        CleanupLog log = run.log.complete();
        if (failure == null && !log.errors().isEmpty()) {
            failure = RunFailures.invalidLine(log.errors().get(0));
        }
        RecordedRun process = recorded(log);
        SignalRun recorded = run.service == null ? process : serviceRun(process);
        List<LogRecord> marked = new ArrayList<>();
        recorded.momentRecord().ifPresent(marked::add);
        run.log.momentRecord().filter(r -> !marked.contains(r)).ifPresent(marked::add);
        marked.addAll(log.records(LogEvents.SIGNAL_RECEIVED));
        if (failure != null) {
            marked.addAll(failure.marked());
        }
        files.write(RunDirectory.TIMELINE, Timeline.render(log.records(), marked));
        if (threadDump != null) {
            files.write(RunDirectory.THREAD_DUMP, threadDump);
        }
        RunFacts facts = facts(failure == null ? null : failure.happened() + killed, log);
        facts.write(files);
        files.write(RunDirectory.PICTURE, RunPicture.svg(log, facts));
        String nl = System.lineSeparator();
        String repetition = run.repetition == null
                ? ""
                : RepeatedRuns.describe(run.repetition, run.signalName(), recorded.signalDelays()) + nl;
        if (failure == null) {
            failure = landedAfterTheRun(log);
        }
        if (failure != null && failure.aborts()) {
            String message = failure.happened() + nl + repetition + "What to do: " + failure.todo() + nl;
            files.write(RunDirectory.REPORT, message);
            throw new RunAborted(message, failure.happened(), recorded);
        }
        if (failure == null) {
            files.write(
                    RunDirectory.REPORT,
                    summary(recorded) + nl + RunWarnings.describe(recorded) + RunReport.describe(recorded, marked));
            return recorded;
        }
        StringBuilder message = new StringBuilder();
        message.append(failure.happened())
                .append(killed)
                .append(nl)
                .append(repetition)
                .append(failure.expected())
                .append(nl)
                .append("What to do: ")
                .append(failure.todo())
                .append(nl)
                .append(RunWarnings.describe(recorded))
                .append(RunReport.describe(recorded, marked));
        if (threadDump != null) {
            message.append("thread dump of the child (also in " + RunDirectory.THREAD_DUMP + "):")
                    .append(nl)
                    .append(indent(threadDump));
        }
        files.write(RunDirectory.REPORT, message.toString());
        throw new HarnessFailure(
                message.toString(),
                failure.happened() + killed,
                HarnessFailure.Outcome.RAN,
                recorded,
                failure.marked(),
                failure.todo());
    }

    /** For a jittered run whose tested signal came after the program's run was over ({@link LateSignal}): its abort. */
    private RunFailure landedAfterTheRun(CleanupLog log) {
        if (run.repetition == null || !run.repetition.jittered()) {
            return null;
        }
        return LateSignal.find(log, run.sentNanos.size(), run.testedSent)
                .map(late -> late.received().isEmpty() && late.signal() > 1
                        ? RunFailures.laterSignalAfterTheRun(run, late.finished(), late.signal())
                        : RunFailures.landedAfterTheRun(run, late.finished(), late.received()))
                .orElse(null);
    }

    /** One line for the test report: what was sent where, and how the child ended. */
    static String summary(SignalRun run) {
        StringBuilder s = new StringBuilder();
        s.append(run.signal().displayName());
        if (run.signalsSent() > 1) {
            s.append(" x").append(run.signalsSent());
        }
        s.append(" at ").append(run.moment()).append(": pid ").append(run.pid());
        if (run instanceof ServiceRun service && service.killedAfterGrace()) {
            return s.append(" still ran at the end of its ")
                    .append(service.policy().grace().toMillis())
                    .append(" ms grace period: killed (SIGKILL), exit code ")
                    .append(run.exitCode())
                    .toString();
        }
        s.append(" exited with code ")
                .append(run.exitCode())
                .append(", ")
                .append(run.signalToExit().toMillis())
                .append(" ms after the signal");
        run.repetition()
                .ifPresent(r -> s.append(" (")
                        .append(RepeatedRuns.describe(r, run.signal().displayName(), run.signalDelays()))
                        .append(')'));
        return s.toString();
    }

    private RecordedRun recorded(CleanupLog log) {
        return new RecordedRun(
                run.child.command(),
                run.child.pid(),
                run.exitCode(),
                run.invocation.signal(),
                run.testedSent,
                run.momentName(),
                log,
                run.child.stdout().captured(),
                run.child.stderr().captured(),
                startToMoment(),
                signalToReceipt(log),
                signalToExit(),
                run.files.path(),
                run.leftBehind,
                run.stdoutLinesBeforeSignal,
                run.stderrLinesBeforeSignal,
                warnings(),
                Optional.ofNullable(run.repetition),
                run.delayNanos.stream().map(Duration::ofNanos).toList());
    }

    private RecordedServiceRun serviceRun(RecordedRun process) {
        ServiceSpec spec = run.service.spec();
        return new RecordedServiceRun(
                process,
                run.service.facts(),
                spec.policy(run.invocation.signal(), run.service.port()),
                run.startNanos,
                run.sentNanos.isEmpty() ? -1 : run.sentNanos.get(0));
    }

    private List<String> warnings() {
        List<String> warnings = new ArrayList<>(run.warnings);
        warnings.addAll(RunWarnings.of(run.child.stderr().captured(), moment.bufferedMomentLine()));
        return warnings;
    }

    /** What the harness saw of the run, on the monotonic clock, and the counts of its log, for the report. */
    private RunFacts facts(String failure, CleanupLog log) {
        RunCounts counts = RunCounts.of(log);
        List<String> remarks = new ArrayList<>(log.errors());
        remarks.addAll(log.notes());
        return new RunFacts(
                run.child.pid(),
                run.exitCode(),
                run.signalName(),
                run.momentName(),
                run.startNanos,
                run.momentNanos,
                run.sentNanos,
                run.exitNanos,
                run.log.clockOrigin().orElse(-1L),
                moment.matchedLine(),
                failure,
                log.isEmpty() ? -1 : counts.cleaned(),
                log.isEmpty() ? -1 : counts.neverStarted(),
                remarks,
                run.service == null ? null : run.service.facts());
    }

    private Duration startToMoment() {
        if (run.momentNanos < 0) {
            return Duration.ZERO;
        }
        long moment = run.log.momentRecord().flatMap(run.log::nanosOf).orElse(run.momentNanos);
        return Duration.ofNanos(Math.max(0, moment - run.startNanos));
    }

    /** From the first tested signal's send to the child's record of its receipt, on the shared monotonic clock. */
    private Optional<Duration> signalToReceipt(CleanupLog log) {
        int firstTested = run.sentNanos.size() - run.testedSent;
        List<LogRecord> receipts = log.records(LogEvents.SIGNAL_RECEIVED);
        if (run.testedSent == 0 || receipts.size() <= firstTested) {
            return Optional.empty();
        }
        return run.log
                .nanosOf(receipts.get(firstTested))
                .map(received -> received - run.sentNanos.get(firstTested))
                .filter(nanos -> nanos >= 0)
                .map(Duration::ofNanos);
    }

    private Duration signalToExit() {
        if (run.sentNanos.isEmpty() || run.exitNanos < 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(run.exitNanos - run.sentNanos.get(0));
    }

    private static String indent(String text) {
        StringBuilder s = new StringBuilder();
        text.lines().forEach(line -> s.append("    ").append(line).append(System.lineSeparator()));
        return s.toString();
    }
}
