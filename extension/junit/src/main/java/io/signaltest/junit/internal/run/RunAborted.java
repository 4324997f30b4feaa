package io.signaltest.junit.internal.run;

import io.signaltest.junit.SignalRun;
import org.opentest4j.TestAbortedException;

/**
 * A run that tested nothing, through no fault of the program: a jittered signal was due after the program had already
 * exited. JUnit reports it as aborted, and the verdict table counts it apart from passed and failed runs.
 */
public final class RunAborted extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    private final String summary;
    private final transient SignalRun run;

    RunAborted(String message, String summary, SignalRun run) {
        super(message);
        this.summary = summary;
        this.run = run;
    }

    /** One line: what happened. */
    public String summary() {
        return summary;
    }

    /** What was observed of the run. */
    public SignalRun run() {
        return run;
    }
}
