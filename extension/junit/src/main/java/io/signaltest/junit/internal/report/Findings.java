package io.signaltest.junit.internal.report;

import java.util.ArrayList;
import java.util.List;
import org.opentest4j.MultipleFailuresError;

/**
 * The findings of a failed scenario, read from its exception: the lines under "but:" of each check that failed, in the
 * order the checks ran; or the first line of a message of another shape (a harness failure, an exception from the
 * test's own code). A soft-assertion error (several checks at once) is opened, so that its first real finding comes
 * first, not its "Multiple Failures" heading.
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
            return;
        }
        findings.addAll(
                ofMessage(failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage()));
    }

    /** The lines under "but:", up to the hint or the run's facts; or the first line of the message. */
    static List<String> ofMessage(String message) {
        List<String> lines =
                message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        int but = lines.indexOf("but:");
        if (but < 0) {
            return lines.isEmpty() ? List.of() : List.of(lines.get(0));
        }
        List<String> findings = new ArrayList<>();
        for (String line : lines.subList(but + 1, lines.size())) {
            if (line.startsWith("hint:") || line.equals("run:") || line.startsWith("Expecting ")) {
                break;
            }
            findings.add(line);
        }
        return findings;
    }
}
