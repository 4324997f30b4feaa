package io.signaltest.sample.pitfalls;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;

/**
 * Pitfalls guide, section "CompletableFuture.cancel(true) does not interrupt".
 *
 * <p>The tasks run as {@code CompletableFuture.runAsync(task, pool)}, and the signal handler cancels each future with
 * {@code cancel(true)}, expecting the running tasks to be interrupted as {@code Future.cancel(true)} would do.
 * {@code CompletableFuture} ignores the flag: it only marks the future cancelled. {@code allOf(...).join()} then
 * returns at once, {@code main} exits with 130, and the tasks are still in their work: their cleanups never run, and
 * the queued tasks are silently dropped.
 *
 * <p>Symptom, with tasks running at the signal: "task 1 started but its cleanup never ran".
 */
public class CompletableFutureCancel extends HandRolledBatch {

    private final List<CompletableFuture<Void>> futures = new ArrayList<>();

    public static void main(String[] args) {
        new CompletableFutureCancel(Workload.fromMain("CompletableFutureCancel", args)).run();
    }

    CompletableFutureCancel(Workload workload) {
        super(workload);
    }

    @Override
    protected void startTasks() {
        pool = Executors.newFixedThreadPool(workload.maxConcurrent());
        for (int id = 1; id <= workload.tasks(); id++) {
            futures.add(CompletableFuture.runAsync(new TaskRunnable(id), pool));
        }
    }

    @Override
    protected void cancel() {
        cancelled = true;
        for (CompletableFuture<Void> future : futures) {
            future.cancel(true); // "true" is ignored: the thread that runs the task is not interrupted
        }
    }

    @Override
    protected void awaitTasks() {
        List<CompletableFuture<Void>> all = locked(() -> List.copyOf(futures));
        try {
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
        } catch (CancellationException | CompletionException cancelled) {
            // the futures are cancelled, so the program believes its tasks are over
        }
    }
}
