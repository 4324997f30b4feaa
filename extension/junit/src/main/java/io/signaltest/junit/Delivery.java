package io.signaltest.junit;

/**
 * Where {@link SignalTest} sends the signal.
 *
 * @since 0.1
 */
public enum Delivery {
    /** To the child's process id only, as {@code kill -INT <pid>} does. */
    PROCESS,
    /**
     * To the child's whole process group, as a terminal's Ctrl+C does. The child is started as the leader of a new
     * process group, so the test JVM never receives the signal.
     */
    PROCESS_GROUP
}
