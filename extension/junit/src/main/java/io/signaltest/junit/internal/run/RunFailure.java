package io.signaltest.junit.internal.run;

import io.signaltest.junit.LogRecord;
import java.util.List;

/**
 * A run that did not go as the scenario requires, as a value: what happened, what was expected and what to do, the log
 * records in question, and how the run ends after it (the child left to exit on its own, or stopped with a thread dump
 * first). Raised by the step of the run that found it, and turned into a {@link HarnessFailure} at the run's end.
 */
final class RunFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How the harness ends the child after such a failure. */
    enum End {
        /** Stop the child at once (kill its process group). */
        STOP,
        /** A JVM child is stuck: take a thread dump of it, then stop it. */
        DUMP_AND_STOP,
        /** The child has logged that its run is over: wait for it to exit, for its exit code. */
        LET_EXIT
    }

    private final String expected;
    private final String todo;
    private final transient List<LogRecord> marked;
    private final End end;
    private final boolean aborts;

    RunFailure(String happened, String expected, String todo, End end) {
        this(happened, expected, todo, end, List.of());
    }

    RunFailure(String happened, String expected, String todo, End end, List<LogRecord> marked) {
        this(happened, expected, todo, end, marked, false);
    }

    private RunFailure(String happened, String expected, String todo, End end, List<LogRecord> marked, boolean aborts) {
        super(happened, null, false, false);
        this.expected = expected;
        this.todo = todo;
        this.end = end;
        this.marked = List.copyOf(marked);
        this.aborts = aborts;
    }

    /**
     * A run that tested nothing, through no fault of the program (a jittered signal due after the program had exited):
     * it is aborted, not failed.
     */
    static RunFailure aborting(String happened, String todo) {
        return new RunFailure(happened, "", todo, End.STOP, List.of(), true);
    }

    boolean aborts() {
        return aborts;
    }

    /** What happened: the failure's first line. */
    String happened() {
        return getMessage();
    }

    String expected() {
        return expected;
    }

    String todo() {
        return todo;
    }

    /** The log records the failure is about, marked in the timeline. */
    List<LogRecord> marked() {
        return marked;
    }

    End end() {
        return end;
    }
}
