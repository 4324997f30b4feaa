package io.signaltest.runtime;

/**
 * The terminal state of a task. Every task ends in exactly one of them.
 *
 * @since 0.1
 */
public enum TaskState {
    /** The task ran to the end and its body returned normally. */
    COMPLETED("completed"),
    /** The task's body threw before any cancellation; its cleanup ran. */
    FAILED("failed"),
    /** The run was cancelled while the task was running; its cleanup ran. */
    CANCELLED("cancelled"),
    /** The run was cancelled before the task got a slot; it never started. */
    CANCELLED_BEFORE_START("cancelled_before_start");

    private final String logName;

    TaskState(String logName) {
        this.logName = logName;
    }

    /** The name of this state in the cleanup log. */
    public String logName() {
        return logName;
    }
}
