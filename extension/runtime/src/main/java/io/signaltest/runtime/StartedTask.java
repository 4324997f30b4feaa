package io.signaltest.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * A task that got a slot: where it is (body, cleanup, done), how it ended, and its {@link TaskContext}. Only started
 * tasks have one; a queued task is an index into the {@link TaskQueue}, and a task that completed leaves nothing
 * behind. Its fields are the run's bookkeeping, read and written under the run's lock, except where a comment says
 * otherwise.
 */
final class StartedTask implements TaskContext {

    enum Phase {
        QUEUED,
        BODY,
        CLEANUP,
        DONE
    }

    final int id;
    final Task task;
    final List<Resource> resources = new ArrayList<>();
    final CloseOnCancel closeOnCancel = new CloseOnCancel(this::closeOnCancelFailed);
    Phase phase = Phase.QUEUED;
    TaskState state;
    Thread thread;
    int slot;
    volatile boolean cancelRequested;
    Throwable failure;
    Throwable cancelDetail;
    Throwable cleanupFailure;
    long cleanupStarted;
    long cleanupDeadline;
    boolean overran;
    boolean abandoned;
    /**
     * Taken to interrupt the body and to leave it: an interrupt sent from outside the run's lock then never reaches the
     * cleanup.
     */
    private final Object bodyGuard = new Object();

    private final RunState run;

    StartedTask(int id, Task task, RunState run) {
        this.id = id;
        this.task = task;
        this.run = run;
    }

    /**
     * Interrupts the task's thread, unless its body has already ended: the cleanup that follows is shielded from
     * interrupts.
     */
    void interruptBody() {
        synchronized (bodyGuard) {
            if (phase == Phase.BODY) {
                thread.interrupt();
            }
        }
    }

    /** The body ended: from now on {@link #interruptBody} leaves the task alone. */
    void leaveBody() {
        synchronized (bodyGuard) {
            phase = Phase.CLEANUP;
        }
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String name() {
        return task.name();
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public boolean isCancelled() {
        return cancelRequested || run.cause != null;
    }

    @Override
    public <R extends AutoCloseable> R register(String description, R resource) {
        java.util.Objects.requireNonNull(description, "description must not be null");
        java.util.Objects.requireNonNull(resource, "resource must not be null");
        synchronized (resources) {
            resources.add(new Resource(description, resource));
        }
        run.log.resourceOpened(id, description);
        return resource;
    }

    @Override
    public <C extends AutoCloseable> C closeOnCancel(C closeable) {
        java.util.Objects.requireNonNull(closeable, "closeable must not be null");
        closeOnCancel.add(closeable, isCancelled());
        return closeable;
    }

    private void closeOnCancelFailed(Exception e) {
        run.log.closeOnCancelFailed(id, e);
    }

    @Override
    public void event(String name, String detail) {
        java.util.Objects.requireNonNull(name, "name must not be null");
        run.log.taskEvent(id, name, detail);
    }

    /** A resource the task registered, closed after its cleanup. */
    static final class Resource {
        final String description;
        final AutoCloseable resource;

        Resource(String description, AutoCloseable resource) {
            this.description = description;
            this.resource = resource;
        }
    }
}
