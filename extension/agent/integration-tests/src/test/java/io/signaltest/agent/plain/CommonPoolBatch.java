package io.signaltest.agent.plain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The same tasks as {@link CompletableFutureBatch}, on {@code ForkJoinPool.commonPool()} ({@code supplyAsync} without
 * an executor): the agent does not follow a {@code ForkJoinPool}, so a test that names a moment with {@code at} fails,
 * saying that the agent saw no executor.
 */
public final class CommonPoolBatch {

    private CommonPoolBatch() {}

    public static void main(String[] args) {
        BatchOptions options = BatchOptions.parse(args);
        List<CompletableFuture<Void>> results = new ArrayList<>();
        for (int id = 1; id <= options.tasks(); id++) {
            results.add(CompletableFuture.runAsync(new FixedPoolBatch.FileJob(id, options)));
        }
        System.out.println("started " + results.size() + " tasks on the common pool");
        CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).join();
    }
}
