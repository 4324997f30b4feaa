package io.signaltest.junit.internal.findings;

import io.signaltest.junit.LogRecord;
import java.util.List;

/**
 * One thing a run did wrong, as a value: what, in a sentence a person reads ("task 2 started but its cleanup never
 * ran"), and the log records that show it and where (marked in the timeline).
 */
public record Finding(String what, List<LogRecord> evidence) {

    public Finding {
        evidence = List.copyOf(evidence);
    }

    /** A finding with no log record behind it (a file left behind, a line of output). */
    public static Finding of(String what) {
        return new Finding(what, List.of());
    }
}
