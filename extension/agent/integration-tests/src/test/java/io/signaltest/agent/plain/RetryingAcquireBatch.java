package io.signaltest.agent.plain;

import io.signaltest.agent.plain.FixedPoolBatch.FileJob;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link VirtualThreadBatch} with one realistic mistake: a task waiting for a permit treats an interrupt as a reason to
 * wait on ("keep waiting for a permit, re-assert the interrupt later"). After Ctrl+C the hook interrupts every thread;
 * each running task cleans up and releases its permit, and a queued task takes it and starts: every queued task starts
 * after the signal. No signaltest code; Java 21 or newer.
 *
 * <p>It prints {@code ready} once every slot is busy and the other tasks wait for a permit, {@code shutting down} when
 * its hook begins, and {@code started N} for each task that gets a permit: the same lines with the agent as without.
 */
public final class RetryingAcquireBatch {

    private RetryingAcquireBatch() {}

    public static void main(String[] args) throws Exception {
        BatchOptions options = BatchOptions.parse(args);
        ExecutorService threads = (ExecutorService)
                Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        Semaphore slots = new Semaphore(options.maxConcurrent());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("shutting down");
                            threads.shutdownNow();
                            try {
                                threads.awaitTermination(1, TimeUnit.MINUTES);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "batch-shutdown"));
        for (int id = 1; id <= options.tasks(); id++) {
            FileJob job = new FileJob(id, options);
            int task = id;
            threads.execute(() -> {
                boolean interrupted = false;
                while (true) {
                    try {
                        slots.acquire();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // the mistake: an interrupt while waiting is not a cancellation here
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                System.out.println("started " + task);
                try {
                    job.run();
                } finally {
                    slots.release();
                }
            });
        }
        int waiting = Math.max(0, options.tasks() - options.maxConcurrent());
        while (slots.availablePermits() > 0 || slots.getQueueLength() < waiting) {
            Thread.sleep(1); // the program's own readiness: every slot busy, the other tasks waiting
        }
        System.out.println("ready");
        threads.shutdown();
        threads.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }
}
