package io.signaltest.sample.pitfalls;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pitfalls guide, section "ExecutorService.close() waits for every task".
 *
 * <p>On JDK 19 and newer this program is usually written as
 *
 * <pre>{@code
 * try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
 *     futures = tasks.stream().map(pool::submit).toList();
 *     for (Future<?> f : futures) f.get();   // Ctrl+C: the handler interrupts main
 * }                                          // close(): shutdown(), then wait for every task
 * }</pre>
 *
 * The signal handler interrupts {@code main}, whose {@code get()} throws; leaving the block calls {@code close()},
 * which is {@code shutdown()} followed by {@code awaitTermination}: it interrupts nobody, lets every queued task still
 * start, and waits for all of them. Only a second interrupt of {@code main} during {@code close()} turns it into
 * {@code shutdownNow()}. This class shows the same trap in the form that compiles on JDK 17, the project's baseline:
 * {@code shutdown()} and {@code awaitTermination} in a {@code finally} block, exactly the body of {@code close()} until
 * it is interrupted again.
 *
 * <p>Symptom, with tasks running at the signal: the program does not exit, and the thread dump shows {@code main} in
 * {@code awaitTermination}.
 */
public class ExecutorCloseWaits extends HandRolledBatch {

    private final Thread main = Thread.currentThread();
    private final List<Future<?>> futures = new ArrayList<>();

    public static void main(String[] args) {
        new ExecutorCloseWaits(Workload.fromMain("ExecutorCloseWaits", args)).run();
    }

    ExecutorCloseWaits(Workload workload) {
        super(workload);
    }

    @Override
    protected void startTasks() {
        pool = Executors.newFixedThreadPool(workload.maxConcurrent());
        for (int id = 1; id <= workload.tasks(); id++) {
            futures.add(pool.submit(new TaskRunnable(id)));
        }
    }

    @Override
    protected void cancel() {
        main.interrupt(); // and rely on the executor's close() to stop the rest
    }

    @Override
    protected void awaitTasks() {
        List<Future<?>> all = locked(() -> List.copyOf(futures));
        try {
            for (Future<?> future : all) {
                future.get();
            }
        } catch (InterruptedException | ExecutionException stopped) {
            // Ctrl+C: leave the block, and let close() stop the pool
        } finally {
            super.awaitTasks(); // what close() does: shutdown(), then awaitTermination until every task ended
        }
    }
}
