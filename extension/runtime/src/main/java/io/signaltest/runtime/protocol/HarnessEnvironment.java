package io.signaltest.runtime.protocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a test harness tells the program under test through its environment: where the cleanup log goes, which moments
 * to hold at, how long a hold may last, the control channel, and the harness's pid. The harness sets these variables; a
 * program that writes the log (the signaltest runtime, the agent, a program in another language) reads them. Unset, the
 * program is not under a harness and nothing of this applies.
 *
 * <pre>{@code
 * HarnessEnvironment harness = HarnessEnvironment.of(System.getenv());
 * harness.log().ifPresent(path -> ...);          // write the cleanup log there
 * for (String moment : harness.holds()) { ... }  // hold at these moments, in this order
 * }</pre>
 *
 * @since 0.1
 */
public final class HarnessEnvironment {

    /** Where the cleanup log goes; it wins over the application's own choice, so that the harness always finds it. */
    public static final String LOG = "SIGNALTEST_LOG";
    /**
     * The moments to hold at, separated by commas, in the order they will be reached
     * ({@code ALL_SLOTS_FULL,DURING_CLEANUP}).
     */
    public static final String HOLD = "SIGNALTEST_HOLD";
    /** The safety deadline of one hold, in milliseconds (default {@value #DEFAULT_HOLD_TIMEOUT_MS}). */
    public static final String HOLD_TIMEOUT_MS = "SIGNALTEST_HOLD_TIMEOUT_MS";
    /**
     * {@value #CONTROL_STDIN}: the harness keeps the program's standard input open and writes a line {@value #RELEASE}
     * to end the current hold; a program whose harness is gone ends its run.
     */
    public static final String CONTROL = "SIGNALTEST_CONTROL";
    /**
     * The harness's pid, which the program watches instead of its parent: a program whose harness died while it was
     * still starting has been handed to another parent before it could look. Not set for a program started in a PID
     * namespace of its own, which cannot see the harness: it watches its parent, and as the namespace's PID 1 nothing.
     */
    public static final String HARNESS_PID = "SIGNALTEST_HARNESS_PID";

    /** The one control channel there is: the program's standard input. */
    public static final String CONTROL_STDIN = "stdin";
    /** The control line that ends the current hold. */
    public static final String RELEASE = "release";
    /** The default of {@value #HOLD_TIMEOUT_MS}. */
    public static final long DEFAULT_HOLD_TIMEOUT_MS = 120_000;
    /** The exit code of a program that shut down because its harness went away. */
    public static final int HARNESS_GONE_EXIT_CODE = 125;

    /** Every variable the harness sets itself, which nobody else may set for the program. */
    public static final List<String> VARIABLES = List.of(LOG, HOLD, HOLD_TIMEOUT_MS, CONTROL, HARNESS_PID);

    private final Path log;
    private final List<String> holds;
    private final long holdTimeoutMs;
    private final boolean control;
    private final long harnessPid;

    private HarnessEnvironment(Path log, List<String> holds, long holdTimeoutMs, boolean control, long harnessPid) {
        this.log = log;
        this.holds = holds;
        this.holdTimeoutMs = holdTimeoutMs;
        this.control = control;
        this.harnessPid = harnessPid;
    }

    /**
     * The harness's wishes in {@code env} (the process environment, or a map a test builds).
     *
     * @throws IllegalArgumentException when a variable is set to something it cannot be
     */
    public static HarnessEnvironment of(Map<String, String> env) {
        String logValue = blankToNull(env.get(LOG));
        String controlValue = blankToNull(env.get(CONTROL));
        if (controlValue != null && !controlValue.equals(CONTROL_STDIN)) {
            throw new IllegalArgumentException(
                    CONTROL + "=" + controlValue + " is not supported; expected '" + CONTROL_STDIN + "' or unset");
        }
        return new HarnessEnvironment(
                logValue == null ? null : Path.of(logValue),
                parseHolds(env.get(HOLD)),
                parseTimeout(env.get(HOLD_TIMEOUT_MS)),
                controlValue != null,
                parsePid(env.get(HARNESS_PID)));
    }

    /** Where to write the cleanup log, when a harness asked for one. */
    public Optional<Path> log() {
        return Optional.ofNullable(log);
    }

    /** Moment names to hold at, in order; empty when the harness asked for none. */
    public List<String> holds() {
        return holds;
    }

    /** The safety deadline of one hold. */
    public long holdTimeoutMs() {
        return holdTimeoutMs;
    }

    /** Whether the harness speaks to the program on its standard input. */
    public boolean control() {
        return control;
    }

    /** The harness's pid, when it gave it. */
    public Optional<Long> harnessPid() {
        return harnessPid > 0 ? Optional.of(harnessPid) : Optional.empty();
    }

    private static List<String> parseHolds(String value) {
        if (blankToNull(value) == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return Collections.unmodifiableList(names);
    }

    private static long parseTimeout(String value) {
        if (blankToNull(value) == null) {
            return DEFAULT_HOLD_TIMEOUT_MS;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(HOLD_TIMEOUT_MS + "=" + value + " is not a positive number of milliseconds");
    }

    private static long parsePid(String value) {
        if (blankToNull(value) == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HARNESS_PID + "=" + value + " is not a process id");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
