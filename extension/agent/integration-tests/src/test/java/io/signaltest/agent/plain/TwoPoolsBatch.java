package io.signaltest.agent.plain;

import io.signaltest.agent.plain.FixedPoolBatch.FileJob;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@link FixedPoolBatch} with a second pool that starts first: one thread busy with a long "metrics" task. Its single
 * slot is full before the batch starts (it reaches ALL_SLOTS_FULL first), so a test that wants the batch's moments
 * names the batch's pool ({@code signaltest.agent.follow=pool-2}).
 */
public final class TwoPoolsBatch {

    private TwoPoolsBatch() {}

    public static void main(String[] args) throws InterruptedException {
        BatchOptions options = BatchOptions.parse(args);
        ExecutorService metrics = Executors.newFixedThreadPool(1); // pool-1
        ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent()); // pool-2
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            metrics.shutdownNow();
                            pool.shutdownNow();
                            try {
                                metrics.awaitTermination(1, TimeUnit.MINUTES);
                                pool.awaitTermination(1, TimeUnit.MINUTES);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "batch-shutdown"));
        metrics.execute(new FileJob(0, options));
        PlainPitfalls.runAll(pool, options, id -> new FileJob(id, options));
    }
}
