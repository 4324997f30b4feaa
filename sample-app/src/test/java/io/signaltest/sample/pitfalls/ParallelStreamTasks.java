package io.signaltest.sample.pitfalls;

import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

/**
 * Pitfalls guide, section "A parallel stream cannot be interrupted".
 *
 * <p>The tasks run as {@code IntStream.rangeClosed(1, n).parallel().forEach(...)}, at most {@code maxConcurrent} at a
 * time (a semaphore). The signal handler interrupts {@code main}, the thread that started the stream. A parallel stream
 * runs most of its elements on the common {@code ForkJoinPool}, whose threads nobody interrupts, and it has no way to
 * be cancelled: the tasks on the pool's threads keep working, {@code forEach} does not return, and the program hangs.
 * Only the task that {@code main} itself happened to run stops.
 *
 * <p>Symptom, with tasks on the pool's threads at the signal: the program does not exit, and the thread dump shows a
 * {@code ForkJoinPool.commonPool-worker} in the task's work.
 */
public class ParallelStreamTasks extends HandRolledBatch {

    private final Thread main = Thread.currentThread();

    public static void main(String[] args) {
        Workload workload = Workload.fromMain("ParallelStreamTasks", args);
        // enough pool threads to fill every slot, on any machine (before the common pool exists)
        System.setProperty(
                "java.util.concurrent.ForkJoinPool.common.parallelism", Integer.toString(workload.maxConcurrent()));
        new ParallelStreamTasks(workload).run();
    }

    ParallelStreamTasks(Workload workload) {
        super(workload);
    }

    @Override
    protected void startTasks() {
        // the stream starts in awaitTasks(), on main, outside the lock
    }

    @Override
    protected void cancel() {
        cancelled = true; // tasks that have not started yet refuse to
        main.interrupt(); // and this is all that can be done to the stream
    }

    @Override
    protected void awaitTasks() {
        Semaphore slots = new Semaphore(workload.maxConcurrent());
        IntStream.rangeClosed(1, workload.tasks()).parallel().forEach(id -> {
            slots.acquireUninterruptibly();
            try {
                new TaskRunnable(id).run();
            } finally {
                slots.release();
            }
        });
    }
}
