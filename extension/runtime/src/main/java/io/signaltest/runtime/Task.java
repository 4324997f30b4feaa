package io.signaltest.runtime;

import java.util.Objects;

/**
 * A unit of work for a {@link TaskRunner}: a name, a {@link TaskBody}, a {@link TaskCleanup} that runs after the body
 * of every started task, and an optional callback for a task that is cancelled before it ever starts.
 *
 * <pre>{@code
 * Task task = Task.of("import " + file,
 *         context -> importFile(file, context),
 *         context -> deleteTempFiles(file))
 *     .onCancelledBeforeStart(() -> report.skipped(file));
 * }</pre>
 *
 * @since 0.1
 */
public final class Task {

    private final String name;
    private final TaskBody body;
    private final TaskCleanup cleanup;
    private final Runnable onCancelledBeforeStart;

    private Task(String name, TaskBody body, TaskCleanup cleanup, Runnable onCancelledBeforeStart) {
        this.name = name;
        this.body = body;
        this.cleanup = cleanup;
        this.onCancelledBeforeStart = onCancelledBeforeStart;
    }

    /**
     * A task with a cleanup.
     *
     * @throws NullPointerException naming the argument when one is null
     */
    public static Task of(String name, TaskBody body, TaskCleanup cleanup) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(body, "body must not be null");
        Objects.requireNonNull(
                cleanup, "cleanup must not be null; pass TaskCleanup.NONE for a task with nothing to clean up");
        return new Task(name, body, cleanup, null);
    }

    /** A task whose only cleanup is closing the resources it {@linkplain TaskContext#register registers}. */
    public static Task of(String name, TaskBody body) {
        return of(name, body, TaskCleanup.NONE);
    }

    /** A copy of this task that calls {@code callback} if the run is cancelled before the task starts. */
    public Task onCancelledBeforeStart(Runnable callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        return new Task(name, body, cleanup, callback);
    }

    public String name() {
        return name;
    }

    TaskBody body() {
        return body;
    }

    TaskCleanup cleanup() {
        return cleanup;
    }

    /** The callback for a task cancelled before it started, or null when there is none. */
    Runnable cancelledBeforeStartCallback() {
        return onCancelledBeforeStart;
    }

    @Override
    public String toString() {
        return "Task[" + name + "]";
    }
}
