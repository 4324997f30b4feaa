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
        Optional<Path> directory,
        Optional<Series> series) {

    public ScenarioResult {
        findings = List.copyOf(findings);
    }

    /** A scenario that ran once. */
    public ScenarioResult(
            String name,
            String verdict,
            String exitCode,
            String cleaned,
            String neverStarted,
            String signalToExit,
            List<String> findings,
            Optional<Path> directory) {
        this(name, verdict, exitCode, cleaned, neverStarted, signalToExit, findings, directory, Optional.empty());
    }

    /**
     * The runs of a repeated scenario, summed up: the row's other values are those of its first failed run (or, when
     * none failed, of its first run).
     *
     * @param firstSeed the seed of run 1, which repeats the whole series
     * @param firstFailedRun the number of the first failed run, or 0 when none failed
     * @param firstFailedSeed the seed of the first failed run, which replays it, or empty
     */
    public record Series(
            int runs, int failed, int aborted, String firstSeed, int firstFailedRun, String firstFailedSeed) {

        /** The share of the runs that ended, passed or failed, that failed: "7 of 200 (3.5 %)". */
        public String failureRate() {
            int ended = runs - aborted;
            return failed + " of " + ended
                    + (ended == 0 ? "" : String.format(java.util.Locale.ROOT, " (%.1f %%)", 100.0 * failed / ended));
        }
    }

    public boolean passed() {
        return verdict.equals("pass");
    }

    /** The first finding, or nothing when the scenario passed. */
    public String symptom() {
        return findings.isEmpty() ? "" : findings.get(0);
    }
}
