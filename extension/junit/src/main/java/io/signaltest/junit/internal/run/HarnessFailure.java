package io.signaltest.junit.internal.run;

import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.findings.Failed;
import io.signaltest.junit.internal.findings.Finding;
import java.util.List;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;

/**
 * A run that did not go as the scenario requires: the child never reached the moment, hung after the signal, had the
 * signal ignored, wrote a malformed log, could not even be started, ... The message says what happened, what was
 * expected and what to do, followed by the run's facts; {@link #summary()} and {@link #outcome()} say it as values.
 */
public final class HarnessFailure extends AssertionFailedError implements Failed {

    private static final long serialVersionUID = 1L;

    /** How far the run got. */
    public enum Outcome {
        /** The program could not be started at all: no child ran. */
        NOT_STARTED,
        /** The child ran, and the run did not go as the scenario requires. */
        RAN
    }

    private final transient SignalRun run;
    private final String summary;
    private final Outcome outcome;
    private final transient List<LogRecord> evidence;
    private final String advice;

    HarnessFailure(String message, String summary, Outcome outcome, SignalRun run) {
        this(message, summary, outcome, run, List.of(), null);
    }

    HarnessFailure(
            String message, String summary, Outcome outcome, SignalRun run, List<LogRecord> evidence, String advice) {
        super(message);
        this.summary = summary;
        this.outcome = outcome;
        this.run = run;
        this.evidence = List.copyOf(evidence);
        this.advice = advice;
    }

    /** One finding: what happened, with the log records in question. */
    @Override
    public List<Finding> findings() {
        return List.of(new Finding(summary, evidence));
    }

    /** What to do about it. */
    @Override
    public Optional<String> advice() {
        return Optional.ofNullable(advice);
    }

    /** What was observed until the failure; empty when the child could not even be started. */
    public Optional<SignalRun> run() {
        return Optional.ofNullable(run);
    }

    /** A one-line account of what went wrong: the first line of the message. */
    public String summary() {
        return summary;
    }

    public Outcome outcome() {
        return outcome;
    }
}
