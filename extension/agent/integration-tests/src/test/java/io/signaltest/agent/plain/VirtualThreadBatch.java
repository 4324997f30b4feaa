package io.signaltest.agent.plain;

import io.signaltest.agent.plain.FixedPoolBatch.FileJob;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The same batch on Java 21 virtual threads: one virtual thread per task, and a {@link Semaphore} as the concurrency
 * limit (the tasks waiting for a permit are the queue). No signaltest code; the agent follows the semaphore. Runs on
 * Java 21 or newer.
 *
 * <p>What makes it correct: the shutdown hook calls {@code shutdownNow()}, which interrupts every virtual thread (a
 * task waiting for a permit then never starts, a running one cleans up), and waits for all of them.
 */
public final class VirtualThreadBatch {

    private VirtualThreadBatch() {}

    // tag::virtual-threads[]
    public static void main(String[] args) throws Exception {
        BatchOptions options = BatchOptions.parse(args);
        ExecutorService threads = newVirtualThreadPerTaskExecutor();
        Semaphore slots = new Semaphore(options.maxConcurrent());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            threads.shutdownNow(); // interrupts every task's thread
                            try {
                                threads.awaitTermination(1, TimeUnit.MINUTES);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "batch-shutdown"));
        try {
            for (int id = 1; id <= options.tasks(); id++) {
                FileJob job = new FileJob(id, options);
                threads.execute(() -> {
                    try {
                        slots.acquire();
                    } catch (InterruptedException cancelled) {
                        return; // cancelled while waiting for a slot: never started
                    }
                    try {
                        job.run();
                    } finally {
                        slots.release();
                    }
                });
            }
        } catch (RejectedExecutionException shuttingDown) {
            return;
        }
        threads.shutdown();
        threads.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }
    // end::virtual-threads[]

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, called by name: this project compiles for Java 17. */
    private static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
        return (ExecutorService)
                Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
}
