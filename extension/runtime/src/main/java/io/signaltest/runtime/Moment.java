package io.signaltest.runtime;

/**
 * A state of a run at which a test harness can deliver a signal. When a harness arms a moment (see
 * {@code docs/log-format.md}, "Holding at a moment"), the runtime logs a {@code moment} record on reaching it and holds
 * the state unchanged until the signal has been received.
 *
 * @since 0.1
 */
public enum Moment {
    /** Signal handlers installed, every task queued, none started. */
    BEFORE_START,
    /** At least one task running, free slots left, nothing queued. */
    BELOW_LIMIT,
    /** Exactly {@code maxConcurrent} tasks running, nothing queued. */
    ALL_SLOTS_FULL,
    /** All slots full and at least one task waiting for a slot. */
    QUEUE_WAITING,
    /**
     * A first signal was handled and a cleanup is in progress: one has just started, or one has run and its end is
     * about to be booked. A harness may arm it several times, once for each further signal it sends during the
     * cleanups.
     */
    DURING_CLEANUP
}
