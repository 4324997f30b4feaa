package io.signaltest.junit.internal.checks;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.findings.Failed;
import io.signaltest.junit.internal.findings.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AssertionInfo;
import org.assertj.core.error.MessageFormatter;
import org.opentest4j.AssertionFailedError;

/**
 * A check of a run that failed, as the value it is ({@link #verdict()}: what was expected, each finding with the log
 * records it is about, the details, the hint) and as the AssertJ-shaped message that says the same. What reports a
 * failure (the verdict table, the HTML report, the console runner) reads the value, never the text.
 */
public final class CheckFailure extends AssertionFailedError implements Failed {

    private static final long serialVersionUID = 1L;

    private final transient CheckVerdict verdict;

    public CheckFailure(String message, CheckVerdict verdict) {
        super(message);
        this.verdict = verdict;
    }

    /**
     * The failure of {@code verdict} over {@code run}, with the message AssertJ's {@code failWithMessage} would make
     * from {@code info}: its overriding message, or its description followed by the verdict's message.
     */
    public static CheckFailure of(AssertionInfo info, CheckVerdict verdict, SignalRun run) {
        // The message is an argument, never a format: output may hold '%'.
        String message = info.overridingErrorMessage() != null
                ? info.overridingErrorMessage()
                : MessageFormatter.instance().format(info.description(), info.representation(), "")
                        + verdict.message(run);
        return new CheckFailure(message, verdict);
    }

    public CheckVerdict verdict() {
        return verdict;
    }

    /** The check's findings (with a count of those not kept), then its details. */
    @Override
    public List<Finding> findings() {
        List<Finding> findings = new ArrayList<>(verdict.findings());
        long unkept = verdict.findingCount() - verdict.findings().size();
        if (unkept > 0) {
            findings.add(Finding.of("... and " + unkept + " more like these"));
        }
        verdict.details().forEach(detail -> findings.add(Finding.of(detail)));
        return findings;
    }

    @Override
    public Optional<String> advice() {
        return verdict.hint();
    }
}
