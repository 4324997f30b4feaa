package io.signaltest.junit.internal.run;

import java.util.Optional;
import org.opentest4j.AssertionFailedError;

/**
 * A run that did not go as the scenario requires: the child never reached the moment, hung after the signal, had the
 * signal ignored, wrote a malformed log, ... The message says what happened, what was expected and what to do, followed
 * by the {@link RunReport}.
 */
public final class HarnessFailure extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    private final transient RecordedRun run;
    private final String summary;

    HarnessFailure(String message, String summary, RecordedRun run) {
        super(message);
        this.summary = summary;
        this.run = run;
    }

    /** What was observed until the failure; empty when the child could not even be started. */
    public Optional<RecordedRun> run() {
        return Optional.ofNullable(run);
    }

    /** The first line of the message: a one-line account of what went wrong. */
    public String summary() {
        return summary;
    }
}
