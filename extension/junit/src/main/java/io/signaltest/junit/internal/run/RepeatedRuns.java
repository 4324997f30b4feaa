package io.signaltest.junit.internal.run;

import io.signaltest.junit.Repetition;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.report.ReportEntries;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * What a run of a repeated scenario adds to its invocation: the run's number, seed and signal delays in its report
 * entry (which the verdict table sums up per scenario), and, when it fails, how to replay it.
 */
final class RepeatedRuns {

    private RepeatedRuns() {}

    /** The report entry's keys of one run of a repeated scenario. */
    static void describe(Map<String, String> entry, Invocation invocation, Repetition repetition, SignalRun run) {
        entry.put(ReportEntries.SCENARIO, invocation.displayName());
        entry.put(ReportEntries.RUN, Integer.toString(repetition.run()));
        entry.put(ReportEntries.RUNS, Integer.toString(repetition.runs()));
        entry.put(ReportEntries.SEED, repetition.seedText());
        if (run != null && !run.signalDelays().isEmpty()) {
            entry.put(
                    ReportEntries.SIGNAL_DELAYS_MICROS,
                    run.signalDelays().stream()
                            .map(d -> Long.toString(d.toNanos() / 1_000))
                            .collect(Collectors.joining(",")));
        }
    }

    /** "run 17 of 200, seed 0x..., SIGINT 12.418 ms after the moment": which run, and where its signals went. */
    static String describe(Repetition repetition, String signal, List<Duration> delays) {
        StringBuilder s = new StringBuilder("run ")
                .append(repetition.run())
                .append(" of ")
                .append(repetition.runs())
                .append(", seed ")
                .append(repetition.seedText());
        if (repetition.jittered()) {
            s.append(", ").append(signal);
            if (delays.isEmpty()) {
                s.append(" not sent (jitter window ")
                        .append(repetition.window().toMillis())
                        .append(" ms)");
            } else {
                s.append(' ')
                        .append(delays.stream().map(RepeatedRuns::millis).collect(Collectors.joining(", ")))
                        .append(" ms after the moment");
            }
        }
        return s.toString();
    }

    static String millis(Duration delay) {
        return String.format(Locale.ROOT, "%.3f", delay.toNanos() / 1e6);
    }

    /**
     * Adds to a failed run's error how to run it again with the same delays, so that the report of any failure, by any
     * assertion, says it; the error itself is rethrown unchanged.
     */
    static final class ReplayHint implements TestExecutionExceptionHandler {
        private final Repetition repetition;

        ReplayHint(Repetition repetition) {
            this.repetition = repetition;
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable error) throws Throwable {
            error.addSuppressed(new Replay(repetition));
            throw error;
        }
    }

    /** Attached to a failed run's error: which run it was, and the parameter that replays it. */
    static final class Replay extends Exception {
        private static final long serialVersionUID = 1L;

        Replay(Repetition repetition) {
            super(
                    "run " + repetition.run() + " of " + repetition.runs() + ", seed " + repetition.seedText()
                            + "; replay it (the same delays, with the same jitter window): " + repetition.replay(),
                    null,
                    false,
                    false);
        }
    }
}
