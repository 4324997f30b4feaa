package io.signaltest.runtime;

/**
 * What a running task knows of itself and its run. Passed to the {@link TaskBody} and the {@link TaskCleanup} of the
 * same task.
 *
 * @since 0.1
 */
public interface TaskContext {

    /**
     * The task's id: its 1-based position in the list given to {@link TaskRunner#run(java.util.List)}, or in the order
     * it was taken from a lazy source.
     */
    int id();

    String name();

    /** The slot (1 to {@code maxConcurrent}) the task runs in. */
    int slot();

    /** True once the run is cancelled: by a signal, by fail-fast, or because the harness went away. */
    boolean isCancelled();

    /**
     * Registers a resource the task opened (a file handle, a temporary file's deleter, a connection). The runtime logs
     * it, and closes every registered resource, in reverse order, after the task's cleanup, logging each close, so that
     * a cancelled task leaves nothing open.
     *
     * <pre>{@code
     * OutputStream out = context.register("output " + target, Files.newOutputStream(target));
     * }</pre>
     *
     * @return {@code resource}, for chaining
     */
    <R extends AutoCloseable> R register(String description, R resource);

    /**
     * Registers what to close when the task is cancelled while it runs, so that a read which ignores interrupts ends: a
     * {@code java.net.Socket}, a child process's output stream, a channel. The runtime closes it when it cancels the
     * task, as it interrupts it (at once, if the task is already cancelled); the blocked read then ends with an
     * exception, and the cleanup runs. Unlike {@link #register}, it is not closed when the task ends normally, and it
     * is not a resource of the log: close it yourself too, or register it as well.
     *
     * <pre>{@code
     * Socket socket = context.closeOnCancel(new Socket(host, port));
     * int reply = socket.getInputStream().read(); // ends with a SocketException on Ctrl+C
     * }</pre>
     *
     * @return {@code closeable}, for chaining
     * @since 0.1
     */
    <C extends AutoCloseable> C closeOnCancel(C closeable);

    /** Writes an application event for this task to the cleanup log (a {@code task_event} record). */
    void event(String name, String detail);
}
