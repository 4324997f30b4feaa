package io.signaltest.agent.plain;

import java.util.stream.IntStream;

/**
 * The batch as a parallel stream: its tasks run on {@code ForkJoinPool.commonPool()}, which the agent cannot follow (no
 * hook sees a task start or end, and nothing cancels a parallel stream). A test that names a moment with {@code at} is
 * told so within the log deadline, with the pool's class and what to do.
 */
public final class ParallelStreamBatch {

    private ParallelStreamBatch() {}

    public static void main(String[] args) {
        BatchOptions options = BatchOptions.parse(args);
        IntStream.rangeClosed(1, options.tasks())
                .parallel()
                .forEach(id -> new FixedPoolBatch.FileJob(id, options).run());
    }
}
