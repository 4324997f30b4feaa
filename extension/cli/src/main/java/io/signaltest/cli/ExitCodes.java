package io.signaltest.cli;

/**
 * The console runner's exit codes, which scripts and CI jobs depend on.
 *
 * @since 0.1
 */
public final class ExitCodes {

    /** Every scenario passed (for {@code timeline}: the log was shown). */
    public static final int PASSED = 0;
    /** At least one scenario failed (for {@code timeline}: the log has lines that are not records). */
    public static final int FAILED = 1;
    /** The command line is wrong: the message says what, and {@code --help} how. */
    public static final int USAGE = 2;
    /** The program under test could not be started at all: no scenario could run. */
    public static final int CANNOT_START = 3;

    private ExitCodes() {}
}
