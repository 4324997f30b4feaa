package io.signaltest.runtime;

/**
 * The cleanup of a task: runs exactly once after the body of every task that started, however the body ended. Cleanup
 * is shielded: the runtime never interrupts it, and repeated signals do not cut it short. It is watched by the cleanup
 * deadline.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TaskCleanup {
    /** A cleanup with nothing to do. */
    TaskCleanup NONE = context -> {};

    void cleanup(TaskContext context) throws Exception;
}
