package io.signaltest.junit.internal.findings;

import java.util.List;
import java.util.Optional;

/**
 * A failure that carries what failed as values, so that everything that reports it (the assertion message, the
 * timeline, the verdict table, the HTML report, the console runner) renders the same facts and none parses text back:
 * the failed checks of a run, or a run that did not go as its scenario requires.
 */
public interface Failed {

    /** What went wrong, in order, each with the records that show it. */
    List<Finding> findings();

    /** What usually causes it, or what to do about it. */
    Optional<String> advice();
}
