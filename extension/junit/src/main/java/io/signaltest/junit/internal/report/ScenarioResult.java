package io.signaltest.junit.internal.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One scenario's row of the reports: its full name, verdict, exit code, counts from the log, the time from the signal
 * to the exit, its findings (the first is the symptom) and where its files are.
 *
 * @param verdict {@code pass}, {@code FAIL} or {@code aborted}
 * @param exitCode the child's exit code, or {@code -} when it never ran
 * @param cleaned tasks whose cleanup finished, or {@code -} without a log
 * @param neverStarted tasks cancelled before they started, or {@code -} without a log
 * @param signalToExit such as {@code 21 ms}, or {@code -}
 * @param directory the run directory, when the scenario got that far
 */
public record ScenarioResult(
        String name,
        String verdict,
        String exitCode,
        String cleaned,
        String neverStarted,
        String signalToExit,
        List<String> findings,
        Optional<Path> directory) {

    public ScenarioResult {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return verdict.equals("pass");
    }

    /** The first finding, or nothing when the scenario passed. */
    public String symptom() {
        return findings.isEmpty() ? "" : findings.get(0);
    }
}
