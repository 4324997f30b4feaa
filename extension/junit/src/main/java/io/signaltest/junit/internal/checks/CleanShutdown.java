package io.signaltest.junit.internal.checks;

import static io.signaltest.junit.internal.checks.CheckSupport.finding;
import static io.signaltest.junit.internal.checks.CleanupChecks.cleanedUpEveryStartedTaskOnce;
import static io.signaltest.junit.internal.checks.CleanupChecks.finishedEveryCleanup;
import static io.signaltest.junit.internal.checks.CleanupChecks.repeatedSignalsDidNotAbortCleanup;
import static io.signaltest.junit.internal.checks.ExitChecks.exitedWithSignalCode;
import static io.signaltest.junit.internal.checks.FileChecks.leftNoTemporaryFiles;
import static io.signaltest.junit.internal.checks.MomentChecks.signalLandedAt;
import static io.signaltest.junit.internal.checks.TaskChecks.cancelledEveryQueuedTaskBeforeStart;
import static io.signaltest.junit.internal.checks.TaskChecks.endedEveryTaskInExactlyOneTerminalState;
import static io.signaltest.junit.internal.checks.TaskChecks.leftNoResourceOpen;
import static io.signaltest.junit.internal.checks.TaskChecks.startedNoTaskAfterTheSignal;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.findings.Finding;
import io.signaltest.runtime.Moment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every check that a program which survives the signal passes, at once: one verdict with every finding of every check
 * that failed. Each is a plain function from a run to a {@link CheckVerdict}.
 */
public final class CleanShutdown {

    private CleanShutdown() {}

    // ------------------------------------------------------------------------------ all at once

    /**
     * Every check that a program which survives the signal passes: the exit code, no start after the signal, each
     * started task cleaned up once and to its end, every queued task reported, one terminal state each, no resource
     * left open, nothing left in the program's temporary directory, the signal landing at the run's moment (for runtime
     * moments), and, when several signals were sent, no cleanup aborted by them. One verdict lists every finding of
     * every failed check, and carries the run's warnings (a stack trace on stderr, buffered output), which do not fail
     * it.
     */
    public static CheckVerdict shutDownCleanly(SignalRun run) {
        List<CheckVerdict> checks = new ArrayList<>();
        checks.add(exitedWithSignalCode(run));
        checks.add(startedNoTaskAfterTheSignal(run));
        checks.add(cleanedUpEveryStartedTaskOnce(run));
        checks.add(finishedEveryCleanup(run));
        checks.add(cancelledEveryQueuedTaskBeforeStart(run));
        checks.add(endedEveryTaskInExactlyOneTerminalState(run));
        checks.add(leftNoResourceOpen(run));
        checks.add(leftNoTemporaryFiles(run));
        runtimeMoment(run).ifPresent(moment -> checks.add(signalLandedAt(run, moment)));
        if (run.signalsSent() > 1 || "DURING_CLEANUP".equals(run.moment())) {
            checks.add(repeatedSignalsDidNotAbortCleanup(run));
        }
        CheckVerdict all = CheckVerdict.expecting(
                "the program to shut down cleanly after " + run.signal().displayName() + " at " + run.moment());
        Set<String> seen = new LinkedHashSet<>();
        for (CheckVerdict check : checks) {
            for (Finding finding : check.findings()) {
                if (seen.add(finding.what())) { // several checks may see one symptom
                    all.finding(finding);
                }
            }
            // Findings beyond those kept cannot be told apart from another check's: they are counted as they are.
            all.moreFindings(check.findingCount() - check.findings().size());
        }
        run.warnings().forEach(all::warning);
        return all;
    }

    private static Optional<Moment> runtimeMoment(SignalRun run) {
        for (Moment m : Moment.values()) {
            if (m.name().equals(run.moment())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
