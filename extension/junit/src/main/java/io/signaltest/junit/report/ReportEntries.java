package io.signaltest.junit.report;

/**
 * The report entry each {@code @SignalTest} invocation publishes (JUnit's {@code ReportEntry}, which IDEs, build tools
 * and launcher listeners see), by key: the facts of the run as values, for a listener that reports runs without reading
 * their files or parsing failure messages. The console runner's progress lines read them.
 *
 * <pre>{@code
 * public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
 *     String outcome = entry.getKeyValuePairs().get(ReportEntries.OUTCOME);
 *     if (ReportEntries.NOT_STARTED.equals(outcome)) { ... }
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class ReportEntries {

    /** The run's directory, with its log, output, timeline and report. */
    public static final String DIRECTORY = "signaltest.directory";
    /** One line: the signal, the moment, the pid, the exit code and the time to exit; or what went wrong. */
    public static final String SUMMARY = "signaltest.summary";
    /** How far the run got: {@value #NOT_STARTED} or {@value #RAN}. */
    public static final String OUTCOME = "signaltest.outcome";
    /** The child's pid, when it ran. */
    public static final String PID = "signaltest.pid";
    /** The child's exit code, when it ran (-1 if it was still running when signaltest stopped it). */
    public static final String EXIT_CODE = "signaltest.exitCode";
    /** Milliseconds from the (first) signal to the exit, when it ran. */
    public static final String SIGNAL_TO_EXIT_MILLIS = "signaltest.signalToExitMillis";
    /** The run's warnings, one a line, when it has any (a stack trace on stderr, buffered output). */
    public static final String WARNINGS = "signaltest.warnings";

    /**
     * For a run of a repeated scenario ({@code SignalTest.runs}, {@code SignalTest.jitterMillis}): the invocation's
     * name without the run's number, the same for every run of the scenario.
     */
    public static final String SCENARIO = "signaltest.scenario";
    /** For a run of a repeated scenario: its number, from 1. */
    public static final String RUN = "signaltest.run";
    /** For a run of a repeated scenario: how many runs the scenario has. */
    public static final String RUNS = "signaltest.runs";
    /** For a run of a repeated scenario: its seed ({@code 0x} and 16 hex digits), which replays it. */
    public static final String SEED = "signaltest.seed";
    /** For a jittered run: each tested signal's delay after its moment, in microseconds, separated by commas. */
    public static final String SIGNAL_DELAYS_MICROS = "signaltest.signalDelaysMicros";

    /** {@value #OUTCOME}: the program could not be started at all. */
    public static final String NOT_STARTED = "not-started";
    /** {@value #OUTCOME}: the child ran (whether or not the run went as the scenario requires). */
    public static final String RAN = "ran";

    private ReportEntries() {}
}
