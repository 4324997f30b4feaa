package io.signaltest.agent.plain;

import io.signaltest.agent.plain.FixedPoolBatch.FileJob;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link FixedPoolBatch} on a {@code ThreadPoolExecutor} subclass that times its tasks, as metrics or logging-context
 * code does: its {@code beforeExecute} and {@code afterExecute} do not call {@code super}. The agent sees the tasks
 * where the pool's worker calls those hooks, so they hide nothing. No signaltest code; a correct program.
 */
public final class MetricsPoolBatch {

    private MetricsPoolBatch() {}

    /** Times each task; calls no super method, as nothing requires it to. */
    static final class TimedPool extends ThreadPoolExecutor {
        private final ThreadLocal<Long> started = new ThreadLocal<>();
        final AtomicLong busyNanos = new AtomicLong();

        TimedPool(int threads) {
            super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        }

        @Override
        protected void beforeExecute(Thread worker, Runnable task) {
            started.set(System.nanoTime());
        }

        @Override
        protected void afterExecute(Runnable task, Throwable thrown) {
            busyNanos.addAndGet(System.nanoTime() - started.get());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        BatchOptions options = BatchOptions.parse(args);
        TimedPool pool = new TimedPool(options.maxConcurrent());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            List<Runnable> neverStarted = pool.shutdownNow();
                            System.out.println("cancelled before start: " + neverStarted.size());
                            try {
                                pool.awaitTermination(1, TimeUnit.MINUTES);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            System.out.println("busy " + TimeUnit.NANOSECONDS.toMillis(pool.busyNanos.get()) + " ms");
                        },
                        "batch-shutdown"));
        try {
            for (int id = 1; id <= options.tasks(); id++) {
                pool.execute(new FileJob(id, options));
            }
        } catch (RejectedExecutionException shuttingDown) {
            return;
        }
        pool.shutdown();
        pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }
}
