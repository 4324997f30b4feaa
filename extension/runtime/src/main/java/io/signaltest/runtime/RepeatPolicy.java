package io.signaltest.runtime;

/**
 * What the runtime does with signals that arrive after the first one, and with cleanups that overrun their deadline.
 *
 * <p>The default, {@link #ignoreDuringCleanup()}, counts and logs repeated signals and lets every cleanup run to its
 * end. An escalating policy gives up on cleanups after a number of repeated signals (a user pressing Ctrl+C again and
 * again) or at the cleanup deadline, logs each abandoned cleanup, and ends the run at once.
 *
 * <pre>{@code
 * TaskRunner.builder().maxConcurrent(4)
 *     .repeatPolicy(RepeatPolicy.escalateAfter(2).orAtDeadline())
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class RepeatPolicy {

    private static final RepeatPolicy IGNORE = new RepeatPolicy(0, false);

    private final int escalateAfterRepeats;
    private final boolean escalateAtDeadline;

    private RepeatPolicy(int escalateAfterRepeats, boolean escalateAtDeadline) {
        this.escalateAfterRepeats = escalateAfterRepeats;
        this.escalateAtDeadline = escalateAtDeadline;
    }

    /** Repeated signals are logged and otherwise ignored; an overrun is logged and waited for. */
    public static RepeatPolicy ignoreDuringCleanup() {
        return IGNORE;
    }

    /**
     * Abandon the remaining cleanups when {@code repeats} signals have arrived after the first.
     *
     * @throws IllegalArgumentException when {@code repeats < 1}
     */
    public static RepeatPolicy escalateAfter(int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        return new RepeatPolicy(repeats, false);
    }

    /** Abandon the remaining cleanups as soon as one overruns the cleanup deadline. */
    public static RepeatPolicy escalateAtDeadline() {
        return new RepeatPolicy(0, true);
    }

    /** This policy, and also escalate when a cleanup overruns the deadline. */
    public RepeatPolicy orAtDeadline() {
        return new RepeatPolicy(escalateAfterRepeats, true);
    }

    int escalateAfterRepeats() {
        return escalateAfterRepeats;
    }

    boolean escalatesAtDeadline() {
        return escalateAtDeadline;
    }

    @Override
    public String toString() {
        if (escalateAfterRepeats == 0 && !escalateAtDeadline) {
            return "ignore-during-cleanup";
        }
        StringBuilder s = new StringBuilder("escalate");
        if (escalateAfterRepeats > 0) {
            s.append("-after-").append(escalateAfterRepeats).append("-repeats");
        }
        if (escalateAtDeadline) {
            s.append("-at-deadline");
        }
        return s.toString();
    }
}
