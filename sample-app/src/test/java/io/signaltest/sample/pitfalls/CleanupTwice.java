package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Catalogue entry 10; pitfalls guide, section 8 (cleanup that runs twice): the cancellation path cleans up "to be
 * safe".
 *
 * <p>On the first signal this program cancels as {@link HandRolledBatch} does, and then also runs the cleanup of every
 * running task itself, from the signal handler, in case the task's thread is slow to notice. The task's own
 * {@code finally} path runs the same cleanup again. Deleting a file twice is harmless; a rollback, the release of a
 * lease or a counter is not.
 *
 * <p>Symptom, with tasks running at the signal (BELOW_LIMIT, ALL_SLOTS_FULL, QUEUE_WAITING): "cleanup of task 1 ran 2
 * times".
 */
public class CleanupTwice extends HandRolledBatch {

    public static void main(String[] args) {
        new CleanupTwice(Workload.fromMain("CleanupTwice", args)).run();
    }

    CleanupTwice(Workload workload) {
        super(workload);
    }

    @Override
    protected void cancel() {
        super.cancel();
        for (Map.Entry<Integer, Integer> task : new TreeMap<>(running).entrySet()) {
            int id = task.getKey();
            int slot = task.getValue();
            long start = logCleanupStarted(id, slot, "cancelled");
            IOException error = null;
            try {
                cleanup(id, workload.tempFile(id));
            } catch (IOException e) {
                error = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            logCleanupFinished(id, slot, start, error);
        }
    }
}
