package io.signaltest.junit.internal.checks;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.process.CapturedOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run shows that does not fail it by default, worded once for the run's report, the test report entry,
 * {@link SignalRun#warnings()} and the verdict of {@code shutDownCleanly()}.
 */
public final class RunWarnings {

    private RunWarnings() {}

    /**
     * The warnings of a run with this stderr, plus the harness's own observation, if any. A stderr too large to hold is
     * scanned in its tail only.
     */
    public static List<String> of(CapturedOutput stderr, Optional<String> harnessObservation) {
        return of(
                stderr.byteCount() <= CapturedOutput.MAX_TEXT_BYTES
                        ? stderr.text("stderr")
                        : String.join("\n", stderr.tail()),
                harnessObservation);
    }

    /** The warnings of a run with this stderr, plus the harness's own observation, if any. */
    public static List<String> of(String stderr, Optional<String> harnessObservation) {
        List<String> warnings = new ArrayList<>();
        harnessObservation.ifPresent(warnings::add);
        for (StackTraces.Trace trace : StackTraces.in(stderr)) {
            warnings.add(stackTrace(trace));
        }
        return warnings;
    }

    static String stackTrace(StackTraces.Trace trace) {
        return "stack trace on stderr (line " + trace.line() + "): " + trace.header();
    }

    /** The warning that an output moment's line arrived only as the child exited. */
    public static String bufferedOutput(String line, String stream) {
        return "the moment's line \"" + line + "\" reached signaltest only with the last of " + stream
                + ", as the program exited: its " + stream + " is probably buffered, so the signal may have landed "
                + "after the work was done; flush after each line (Python: run it with -u, or print(..., flush=True))";
    }

    /** "warnings:" and one indented line per warning, or nothing when there is none. */
    public static String describe(SignalRun run) {
        if (run.warnings().isEmpty()) {
            return "";
        }
        String nl = System.lineSeparator();
        StringBuilder s = new StringBuilder("warnings:").append(nl);
        run.warnings().forEach(w -> s.append("  ").append(w).append(nl));
        return s.toString();
    }
}
