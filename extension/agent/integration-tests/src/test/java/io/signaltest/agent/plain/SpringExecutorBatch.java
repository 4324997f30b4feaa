package io.signaltest.agent.plain;

import io.signaltest.agent.plain.FixedPoolBatch.FileJob;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The batch on Spring's {@code ThreadPoolTaskExecutor}, a facade over a {@code ThreadPoolExecutor}, configured as
 * Spring applications configure it. No signaltest code; the agent follows the pool inside.
 *
 * <p>What makes it correct: {@code setAwaitTerminationSeconds}, so that the executor's {@code shutdown()} (which
 * interrupts the running tasks, since it does not wait for tasks to complete) also waits for them to end.
 */
public final class SpringExecutorBatch {

    private SpringExecutorBatch() {}

    public static void main(String[] args) throws InterruptedException {
        run(BatchOptions.parse(args), 60);
    }

    static void run(BatchOptions options, int awaitTerminationSeconds) throws InterruptedException {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(options.maxConcurrent());
        executor.setMaxPoolSize(options.maxConcurrent());
        executor.setThreadNamePrefix("batch-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.setAwaitTerminationSeconds(awaitTerminationSeconds);
        executor.initialize();
        Runtime.getRuntime().addShutdownHook(new Thread(executor::shutdown, "executor-shutdown"));
        CountDownLatch done = new CountDownLatch(options.tasks());
        try {
            for (int id = 1; id <= options.tasks(); id++) {
                FileJob job = new FileJob(id, options);
                executor.execute(() -> {
                    try {
                        job.run();
                    } finally {
                        done.countDown();
                    }
                });
            }
        } catch (RejectedExecutionException shuttingDown) { // Spring's TaskRejectedException too
            return;
        }
        done.await();
        executor.shutdown();
    }

    /**
     * Spring's default {@code awaitTerminationSeconds} of 0: {@code shutdown()} interrupts the tasks and returns at
     * once, so the JVM halts while they clean up.
     */
    public static final class DefaultAwaitTermination {
        private DefaultAwaitTermination() {}

        public static void main(String[] args) throws InterruptedException {
            run(BatchOptions.parse(args), 0);
        }
    }
}
