package io.signaltest.agent.plain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A plain program that composes its tasks with {@code CompletableFuture.supplyAsync(task, pool)} on a fixed thread
 * pool: each supplier runs on the pool, so the agent records and holds it like any task of the pool. The shutdown hook
 * is the fixed-pool batch's: {@code shutdownNow()}, report the tasks it returns, wait for the running ones.
 *
 * <pre>
 * java -cp ... io.signaltest.agent.plain.CompletableFutureBatch --tasks 6 --max-concurrent 2 --task-millis 5000
 * </pre>
 */
public final class CompletableFutureBatch {

    private CompletableFutureBatch() {}

    // tag::supply-async[]
    public static void main(String[] args) {
        BatchOptions options = BatchOptions.parse(args);
        ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            List<Runnable> neverStarted = pool.shutdownNow(); // interrupts the running suppliers
                            System.out.println("cancelled before start: " + neverStarted.size());
                            try {
                                pool.awaitTermination(1, TimeUnit.MINUTES);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "batch-shutdown"));
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int id = 1; id <= options.tasks(); id++) {
            FixedPoolBatch.FileJob job = new FixedPoolBatch.FileJob(id, options);
            results.add(CompletableFuture.supplyAsync(
                    () -> {
                        job.run();
                        return job + " done";
                    },
                    pool)); // the pool, not ForkJoinPool.commonPool(): the agent follows a ThreadPoolExecutor
        }
        CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).join();
        pool.shutdown();
    }
    // end::supply-async[]
}
