package io.signaltest.runtime;

/**
 * The work of a task. It runs on a slot thread; on cancellation that thread is interrupted, so blocking calls throw
 * {@link InterruptedException}: let it propagate (or return).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TaskBody {
    void run(TaskContext context) throws Exception;
}
