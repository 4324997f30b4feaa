package io.signaltest.agent.plain;

import io.signaltest.agent.plain.FixedPoolBatch.FileJob;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The batch on a {@code ScheduledExecutorService}, as programs run delayed and periodic jobs: odd tasks are delayed
 * jobs ({@code schedule}), even ones periodic ({@code scheduleWithFixedDelay}, say a poll of an inbox). No signaltest
 * code; the agent follows the scheduled pool like any {@code ThreadPoolExecutor}, its core size being its slots.
 *
 * <p>What makes it correct: the hook calls {@code shutdownNow()} (running jobs are interrupted, waiting ones and the
 * periodic ones' next runs never start) and waits for the running ones.
 */
public final class ScheduledBatch {

    private ScheduledBatch() {}

    public static void main(String[] args) throws InterruptedException {
        BatchOptions options = BatchOptions.parse(args);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(options.maxConcurrent());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            List<Runnable> neverStarted = scheduler.shutdownNow();
                            System.out.println("cancelled before start: " + neverStarted.size());
                            try {
                                scheduler.awaitTermination(1, TimeUnit.MINUTES);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "scheduler-shutdown"));
        schedule(scheduler, options);
        scheduler.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    static void schedule(ScheduledExecutorService scheduler, BatchOptions options) {
        for (int id = 1; id <= options.tasks(); id++) {
            FileJob job = new FileJob(id, options);
            if (id % 2 == 1) {
                scheduler.schedule(job, 0, TimeUnit.MILLISECONDS);
            } else {
                scheduler.scheduleWithFixedDelay(job, 0, 1, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The hook calls {@code shutdown()}: a scheduled pool then drops its delayed and periodic jobs, but never
     * interrupts the running ones, and the program waits for them for ever.
     */
    public static final class ShutdownWithoutInterrupt {
        private ShutdownWithoutInterrupt() {}

        public static void main(String[] args) throws InterruptedException {
            BatchOptions options = BatchOptions.parse(args);
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(options.maxConcurrent());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                scheduler.shutdown();
                                try {
                                    scheduler.awaitTermination(1, TimeUnit.MINUTES);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "scheduler-shutdown"));
            schedule(scheduler, options);
            scheduler.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        }
    }
}
