package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pitfalls guide, section "A fixed grace period is an exit race" (its second form).
 *
 * <p>To let the task's thread go at once, each cleanup is handed to a separate cleanup pool, whose threads are daemons
 * so that they "never keep the JVM alive". The task reports its cleanup as done when it was only handed over;
 * {@code main} sees every task ended and exits with 128 + the signal, and the JVM takes the cleanup pool down with it,
 * in the middle of the cleanups. The standard matrix's exit race scenario gives every cleanup
 * {@code StandardScenarios.EXIT_RACE_CLEANUP_MILLIS} ms, so this is caught in every run.
 *
 * <p>Symptom: the files the cleanups were to delete are left behind ("file left behind in work: input-1.part").
 */
public class CleanupOnAnotherPool extends HandRolledBatch {

    private final ExecutorService cleaners = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "cleaner");
        thread.setDaemon(true);
        return thread;
    });

    public static void main(String[] args) {
        new CleanupOnAnotherPool(Workload.fromMain("CleanupOnAnotherPool", args)).run();
    }

    CleanupOnAnotherPool(Workload workload) {
        super(workload);
    }

    @Override
    protected void cleanup(int id, Path temp) {
        cleaners.execute(() -> {
            try {
                Thread.sleep(workload.cleanupMillis()); // stands in for flushing to slow storage
                Files.deleteIfExists(temp);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
