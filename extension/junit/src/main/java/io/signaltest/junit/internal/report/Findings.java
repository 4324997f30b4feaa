package io.signaltest.junit.internal.report;

import io.signaltest.junit.internal.findings.Failed;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.MultipleFailuresError;

/**
 * The findings of a failed scenario, from the values its failure carries: each finding of each check that failed (then
 * its details), in the order the checks ran, or the one-line account of a run that did not go as the scenario requires.
 * A soft-assertion error (several checks at once) is opened, so that its first real finding comes first. An exception
 * of another kind (from the test's own code) gives the first line of its message.
 */
public final class Findings {

    /** At most this many findings are kept per scenario; a report row shows the first. */
    static final int MAX = 12;

    private Findings() {}

    public static List<String> of(Throwable failure) {
        List<String> findings = new ArrayList<>();
        collect(failure, findings);
        return findings.size() <= MAX ? findings : List.copyOf(findings.subList(0, MAX));
    }

    private static void collect(Throwable failure, List<String> findings) {
        if (failure instanceof MultipleFailuresError multiple
                && !multiple.getFailures().isEmpty()) {
            for (Throwable one : multiple.getFailures()) {
                collect(one, findings);
            }
        } else if (failure instanceof Failed failed) {
            failed.findings().forEach(f -> findings.add(f.what()));
        } else {
            String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
            message.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .findFirst()
                    .ifPresent(findings::add);
        }
    }
}
