package io.signaltest.junit.internal.checks;

import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.findings.Finding;
import io.signaltest.junit.internal.report.RunReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The outcome of one check of a {@link SignalRun}: what was expected and, when the check failed, the findings that say
 * why, each with the log records it is about.
 *
 * <p>The failure message has AssertJ's shape, followed by the run's facts:
 *
 * <pre>
 * Expecting every started task to have been cleaned up exactly once
 * but:
 *   task 2 started but its cleanup never ran
 * hint: ...
 * run:
 *   command:   ...
 * </pre>
 */
public final class CheckVerdict {

    /** At most this many findings are listed (and their records marked); the rest are counted. */
    public static final int SHOWN_FINDINGS = 20;
    /**
     * At most this many findings are kept; the rest are only counted, so that a check over a log of a million failing
     * tasks does not hold a million findings.
     */
    public static final int KEPT_FINDINGS = 1_000;

    private final String expectation;
    private final List<Finding> findings = new ArrayList<>();
    private long findingCount;
    private final List<String> details = new ArrayList<>();
    private final List<LogRecord> context = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private String hint;

    private CheckVerdict(String expectation) {
        this.expectation = expectation;
    }

    /** A verdict that passes until a finding is added; {@code expectation} completes "Expecting ...". */
    public static CheckVerdict expecting(String expectation) {
        return new CheckVerdict(expectation);
    }

    public CheckVerdict finding(String text, LogRecord... records) {
        return finding(text, Arrays.asList(records));
    }

    public CheckVerdict finding(Finding finding) {
        findingCount++;
        if (findings.size() < KEPT_FINDINGS) {
            findings.add(finding);
        }
        return this;
    }

    /** Counts {@code count} findings that were not kept (see {@link #KEPT_FINDINGS}). */
    public CheckVerdict moreFindings(long count) {
        findingCount += count;
        return this;
    }

    public CheckVerdict finding(String text, Collection<LogRecord> records) {
        List<LogRecord> present = new ArrayList<>();
        for (LogRecord r : records) {
            if (r != null) {
                present.add(r);
            }
        }
        return finding(new Finding(text, present));
    }

    /** A fact shown under the findings when the check fails, that is not a failure by itself. */
    public CheckVerdict detail(String text, LogRecord... records) {
        details.add(text);
        for (LogRecord r : records) {
            if (r != null) {
                context.add(r);
            }
        }
        return this;
    }

    /**
     * Something worth seeing that does not fail the check (a stack trace on stderr, buffered output): kept for reports
     * and the verdict table, and shown in the failure message when the check fails for another reason.
     */
    public CheckVerdict warning(String text) {
        warnings.add(text);
        return this;
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** What usually causes the failure, or what to do about it; shown when the check fails. */
    public CheckVerdict hint(String text) {
        hint = text;
        return this;
    }

    public boolean passed() {
        return findingCount == 0;
    }

    public String expectation() {
        return expectation;
    }

    /** What usually causes the failure, or what to do about it, if the check says. */
    public java.util.Optional<String> hint() {
        return java.util.Optional.ofNullable(hint);
    }

    /** How many findings the check made, kept or not. */
    public long findingCount() {
        return findingCount;
    }

    /** The findings, up to {@link #KEPT_FINDINGS}. */
    public List<Finding> findings() {
        return Collections.unmodifiableList(findings);
    }

    public List<String> details() {
        return Collections.unmodifiableList(details);
    }

    /** The records the failure message marks in the timeline: those of the shown findings and details. */
    public Set<LogRecord> markedRecords() {
        Set<LogRecord> marked = new LinkedHashSet<>();
        for (Finding f : findings.subList(0, Math.min(SHOWN_FINDINGS, findings.size()))) {
            marked.addAll(f.evidence());
        }
        marked.addAll(context);
        return marked;
    }

    /** The failure message: the expectation, the findings, the hint, then the run's report. */
    public String message(SignalRun run) {
        String nl = System.lineSeparator();
        StringBuilder s = new StringBuilder();
        s.append(nl)
                .append("Expecting ")
                .append(expectation)
                .append(nl)
                .append("but:")
                .append(nl);
        int shown = Math.min(SHOWN_FINDINGS, findings.size());
        for (Finding f : findings.subList(0, shown)) {
            s.append("  ").append(f.what()).append(nl);
        }
        if (findingCount > shown) {
            s.append(String.format(Locale.ROOT, "  ... and %,d more like these%n", findingCount - shown));
        }
        for (String d : details) {
            s.append("  ").append(d).append(nl);
        }
        for (String w : warnings) {
            s.append("  warning: ").append(w).append(nl);
        }
        if (hint != null) {
            s.append("hint: ").append(hint).append(nl);
        }
        s.append("run:").append(nl);
        s.append(RunReport.describe(run, markedRecords()));
        return s.toString();
    }

    @Override
    public String toString() {
        return passed() ? "passed: " + expectation : "failed: " + expectation + " " + findings;
    }
}
