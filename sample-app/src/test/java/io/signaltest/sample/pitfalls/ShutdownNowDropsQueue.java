package io.signaltest.sample.pitfalls;

/**
 * Catalogue entry 2; pitfalls guide, section 3 (queued work): {@code ExecutorService.shutdownNow()} whose returned list
 * is dropped.
 *
 * <p>{@code shutdownNow()} interrupts the running tasks and <em>returns</em> the ones that never started. This program
 * ignores that list, so the tasks that were waiting in the pool's queue are neither run nor reported: they vanish.
 *
 * <p>Symptom, with tasks waiting for a slot (QUEUE_WAITING): the waiting tasks have a {@code task_queued} record and
 * nothing else, "task 3 was queued but never started, and was never reported as cancelled before start", and "task 3
 * ended in no terminal state". Otherwise it is {@link HandRolledBatch}.
 */
public class ShutdownNowDropsQueue extends HandRolledBatch {

    public static void main(String[] args) {
        new ShutdownNowDropsQueue(Workload.fromMain("ShutdownNowDropsQueue", args)).run();
    }

    ShutdownNowDropsQueue(Workload workload) {
        super(workload);
    }

    @Override
    protected void cancel() {
        cancelled = true;
        if (pool != null) {
            pool.shutdownNow(); // the tasks it returns, which never started, are forgotten
        }
    }
}
